/* Learner and staff behaviour of the paid-access block. Settings arrive as JSON via initialize_js. */
function FeeTrainingXBlock(runtime, element, config) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  /* Translations: the block's JavaScript catalogue (FeeTrainingI18N, from djangojs.po) when the page has one. */
  var catalogue = window.FeeTrainingI18N || {};
  function gettext(text) { return catalogue.gettext ? catalogue.gettext(text) : text; }
  /* What the page says when something fails on its side (the server's own messages come translated). */
  var messages = {
    network: gettext("The server could not be reached. Check your internet connection and try again. If you were " +
      "paying, reload the page first to see whether the payment went through."),
    requestFailed: gettext("Something went wrong on our side. Reload the page and try again."),
    cancelled: gettext("Nothing was changed."),
    nobody: gettext("Nobody has access yet.")
  };

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* An error whose message was written for the learner (by the server, translated); `fromServer` says so. */
  function serverError(message) {
    var error = new Error(message);
    error.fromServer = true;
    return error;
  }

  /* POST JSON to one of the block's handlers; resolves with the reply, rejects with a message a learner can read.
     Only the server's own messages are shown as they are; a lost connection or a non-JSON answer gets a
     translated sentence from the page (never "Failed to fetch" or "Bad request"). */
  function callHandler(name, payload) {
    return fetch(runtime.handlerUrl(root, name), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(payload || {})
    }).catch(function () {
      throw serverError(messages.network);
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw serverError(typeof body.error === "string" && body.error ? body.error : messages.requestFailed);
        }
        return body;
      });
    });
  }

  /* The message to show for any failure: the server's, or `fallback` for anything technical. */
  function readable(error, fallback) {
    return error && error.fromServer && error.message ? error.message : (fallback || messages.requestFailed);
  }

  /* Fill {name} placeholders (the catalogue keeps them, so translators can move them). */
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  function show(target, text, isError) {
    if (!target) { return; }
    target.textContent = text;
    target.classList.toggle("is-error", !!isError);
  }

  var staffForm = root.querySelector("[data-role=grant-form]");
  if (staffForm) {
    var staffMessage = root.querySelector("[data-role=staff-message]");
    /* Refunds and revoking a paying learner come back with a question (the amount, what it means) first. */
    var staffAction = function (action, payload) {
      return callHandler("staff_" + action, payload).then(function (reply) {
        if (reply.needs_confirmation) {
          if (!window.confirm(reply.message)) {
            show(staffMessage, messages.cancelled, false);
            return null;
          }
          return staffAction(action, Object.assign({}, payload, {confirmed: true}));
        }
        show(staffMessage, format(gettext("{message} ({learner})"), {message: reply.message, learner: reply.learner}),
          false);
        return reply;
      });
    };
    staffForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = (event.submitter && event.submitter.dataset.action) || "grant";
      var learner = staffForm.querySelector("input[name=learner]").value;
      staffAction(action, {learner: learner}).catch(function (error) { show(staffMessage, readable(error), true); });
    });
  }

  /* Staff: who has access, how and what they paid. */
  var accessButton = root.querySelector("[data-role=access-list]");
  if (accessButton) {
    var accessTable = root.querySelector("[data-role=access-table]");
    accessButton.addEventListener("click", function () {
      callHandler("staff_access_list", {}).then(function (reply) {
        var body = accessTable.querySelector("tbody");
        body.textContent = "";
        reply.rows.forEach(function (item) {
          var row = document.createElement("tr");
          ["learner", "how", "granted_at", "amount", "reference", "status"].forEach(function (name) {
            var cell = document.createElement("td");
            cell.textContent = item[name] || "";
            row.appendChild(cell);
          });
          body.appendChild(row);
        });
        accessTable.hidden = false;
        show(root.querySelector("[data-role=access-message]"), reply.rows.length ? "" : messages.nobody, false);
      }).catch(function (error) { show(root.querySelector("[data-role=access-message]"), readable(error), true); });
    });
  }

  /* Staff figures grow with the course, so the page does not compute them: loaded when asked. */
  var figuresButton = root.querySelector("[data-role=staff-figures-load]");
  if (figuresButton) {
    figuresButton.addEventListener("click", function () {
      var figures = root.querySelector("[data-role=staff-figures]");
      figuresButton.disabled = true;
      callHandler("staff_counts", {})
        .then(function (reply) { figures.innerHTML = reply.html; })
        .catch(function (error) { show(figures, error.message, true); })
        .then(function () { figuresButton.disabled = false; });
    });
  }

  /* Buttons that POST to a handler and reload the page (e.g. Start course): nothing billable happens on GET. */
  Array.prototype.forEach.call(root.querySelectorAll("[data-post-handler]"), function (button) {
    button.addEventListener("click", function () {
      var message = root.querySelector("[data-role=action-message]");
      button.disabled = true;
      callHandler(button.dataset.postHandler, {}).then(function (reply) {
        show(message, reply.message || "", false);
        window.location.reload();
      }).catch(function (error) {
        button.disabled = false;
        show(message, readable(error), true);
      });
    });
  });

  if (typeof FeeTrainingPromo === "function") { FeeTrainingPromo(runtime, root, callHandler, show, readable); }
  if (typeof FeeTrainingLiveSession === "function") {
    FeeTrainingLiveSession(runtime, root, callHandler, show, readable);
  }
  if (config.payment && typeof FeeTrainingPayment === "function") {
    FeeTrainingPayment(root, config.payment, callHandler, readable);
  }
  /* An access mode's own script (e.g. webinar.js) names its entry function in modeConfig.init. */
  var modeConfig = config.modeConfig || {};
  if (modeConfig.init && typeof window[modeConfig.init] === "function") {
    window[modeConfig.init](runtime, root, callHandler, show, modeConfig, readable);
  }
  if (config.payment && typeof FeeTrainingPayPal === "function") {
    FeeTrainingPayPal(root, callHandler, readable);
  }

  return {callHandler: callHandler, show: show, config: config};
}
