/* Learner and staff behaviour of the paid-access block. Settings arrive as JSON via initialize_js. */
function FeeTrainingXBlock(runtime, element, config) {
  "use strict";
  var root = element.jquery ? element[0] : element;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* POST JSON to one of the block's handlers; resolves with the reply, rejects with a readable message. */
  function callHandler(name, payload) {
    return fetch(runtime.handlerUrl(root, name), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          throw new Error(body.error || "The request failed (HTTP " + response.status + "). Please try again.");
        }
        return body;
      });
    });
  }

  function show(target, text, isError) {
    if (!target) { return; }
    target.textContent = text;
    target.classList.toggle("is-error", !!isError);
  }

  var staffForm = root.querySelector("[data-role=grant-form]");
  if (staffForm) {
    var staffMessage = root.querySelector("[data-role=staff-message]");
    staffForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var action = (event.submitter && event.submitter.dataset.action) || "grant";
      var learner = staffForm.querySelector("input[name=learner]").value;
      callHandler("staff_" + action, {learner: learner})
        .then(function (reply) { show(staffMessage, reply.message + " (" + reply.learner + ")", false); })
        .catch(function (error) { show(staffMessage, error.message, true); });
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
        show(message, error.message, true);
      });
    });
  });

  if (typeof FeeTrainingPromo === "function") { FeeTrainingPromo(runtime, root, callHandler, show); }
  if (config.payment && typeof FeeTrainingPayment === "function") {
    FeeTrainingPayment(root, config.payment, callHandler);
  }

  return {callHandler: callHandler, show: show, config: config};
}
