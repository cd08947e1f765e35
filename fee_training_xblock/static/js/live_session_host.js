/* Pay-per-use live sessions, the host's side (course staff): the session form (Schedule / Start Session) and
 * Change. Called by FeeTrainingLiveSession (live_session.js). The estimate is computed on the server; this only
 * sends the options. Failures show the server's own (translated) message or the page's sentence (`readable`). */
function FeeTrainingLiveSessionHost(runtime, root, callHandler, show, readable) {
  "use strict";
  var form = root.querySelector("[data-role=session-form]");
  var estimate = root.querySelector("[data-role=session-estimate]");

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  /* The value a datetime-local input takes for a Date, in the browser's time zone. */
  function localInputValue(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  if (form) {
    var start = form.elements.starts_at;
    var errorBox = form.querySelector("[data-role=session-error]");
    if (start && start.dataset.iso) {
      var previous = new Date(start.dataset.iso);
      if (!isNaN(previous.getTime())) { start.value = localInputValue(previous); }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var kind = (event.submitter && event.submitter.dataset.kind) || "scheduled";
      var payload = {kind: kind};
      ["title", "duration_minutes", "session_computers", "teleconference_computers", "division", "join_url"]
        .forEach(function (name) { payload[name] = form.elements[name].value; });
      if (kind === "scheduled") {
        var when = new Date(start.value);
        // The server needs the time zone: send the instant in UTC (or the raw text, which it refuses by name).
        payload.starts_at = isNaN(when.getTime()) ? start.value : when.toISOString();
      }
      var buttons = form.querySelectorAll("button");
      Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
      show(errorBox, "", false);
      callHandler("estimate_session", payload).then(function () {
        window.location.reload();
      }).catch(function (error) {
        Array.prototype.forEach.call(buttons, function (button) { button.disabled = false; });
        show(errorBox, readable(error), true);
      });
    });
  }

  var change = root.querySelector("[data-action=change-session]");
  if (change && form && estimate) {
    /* Change: back to the session options, filled in with the estimate's values (nothing is lost). */
    change.addEventListener("click", function () {
      estimate.hidden = true;
      form.hidden = false;
      form.elements.title.focus();
    });
  }
}
