/* Webinar mode: the learner's card (local time, Join window, room password); the staff tools (room password,
   personal links, invitations) are webinar_staff.js, sent to staff only. Called by FeeTrainingXBlock with
   modeConfig.init.
   Failures show the server's own (translated) message or one of the page's sentences, through
   `readable`; never a browser's technical text ("Failed to fetch"). */
function FeeTrainingWebinar(runtime, root, callHandler, show, config, readable) {
  "use strict";
  var MAX_TIMER = 2147483647;  /* setTimeout fires at once for longer delays */

  function later(seconds, action) {
    if (typeof seconds === "number" && seconds > 0 && seconds * 1000 < MAX_TIMER) {
      window.setTimeout(action, seconds * 1000);
    }
  }

  /* ---- learner card ---- */
  var when = root.querySelector("[data-role=webinar-when]");
  if (when && config.browserTimeZone && window.Intl) {
    var start = new Date(when.getAttribute("datetime"));
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    when.textContent = new Intl.DateTimeFormat(undefined, {dateStyle: "full", timeStyle: "short"}).format(start) +
      (zone ? " (" + zone + ")" : "");  /* punctuation only: the date is in the browser's language */
  }

  var join = root.querySelector("[data-role=webinar-join]");
  var hint = root.querySelector("[data-role=webinar-join-hint]");
  if (join) {
    join.addEventListener("click", function (event) {
      if (join.getAttribute("aria-disabled") === "true") { event.preventDefault(); }
    });
    later(config.opensIn, function () {
      join.removeAttribute("aria-disabled");
      join.removeAttribute("tabindex");
      if (hint) { hint.textContent = ""; }
    });
    later(config.closesIn, function () {
      join.setAttribute("aria-disabled", "true");
      if (hint) { hint.textContent = config.endedText || ""; }
    });
  }

  var passwordForm = root.querySelector("[data-role=webinar-password-form]");
  if (passwordForm) {
    var passwordMessage = root.querySelector("[data-role=webinar-message]");
    passwordForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = passwordForm.querySelector("[data-role=webinar-password]");
      callHandler("webinar_password", {password: input.value}).then(function (reply) {
        show(passwordMessage, reply.message, false);
        window.location.reload();
      }).catch(function (error) {
        input.value = "";
        show(passwordMessage, readable(error), true);
      });
    });
  }

  if (typeof FeeTrainingWebinarStaff === "function") {
    FeeTrainingWebinarStaff(runtime, root, callHandler, show, config, readable);
  }
}
