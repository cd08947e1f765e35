/* Pay-per-use live sessions, what learners and hosts share: times in the viewer's zone and join links.
 * Called by FeeTrainingXBlock; the host's session form is live_session_host.js, sent to course staff only.
 * Failures show the server's own (translated) message or the page's sentence (`readable`), never technical text. */
function FeeTrainingLiveSession(runtime, root, callHandler, show, readable) {
  "use strict";
  /* Times are rendered in UTC by the server; add the viewer's local time next to them. */
  Array.prototype.forEach.call(root.querySelectorAll("time[data-local]"), function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (!isNaN(date.getTime())) { element.textContent += " (" + date.toLocaleString() + ")"; }
  });

  /* A join is recorded for the measured usage; keepalive lets the request finish while the link opens. */
  Array.prototype.forEach.call(root.querySelectorAll("[data-role=join-link]"), function (link) {
    link.addEventListener("click", function () {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      fetch(runtime.handlerUrl(root, "join_session"), {
        method: "POST", credentials: "same-origin", keepalive: true, body: "{}",
        headers: {"Content-Type": "application/json", "X-CSRFToken": match ? decodeURIComponent(match[1]) : ""}
      }).catch(function () { /* the link still opens; only the measurement misses this join */ });
    });
  });

  if (typeof FeeTrainingLiveSessionHost === "function") {
    FeeTrainingLiveSessionHost(runtime, root, callHandler, show, readable);
  }
}
