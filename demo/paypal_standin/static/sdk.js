/*
 * PayPal JS SDK stand-in (served at /sdk/js by the local PayPal stand-in).
 *
 * Defines window.paypal.Buttons({createOrder, onApprove, onCancel, onError, onClick})
 * with .render(elementOrSelector), .isEligible() and .close(), like PayPal's SDK. The
 * rendered button opens the popup on the click itself (so no popup blocker interferes),
 * awaits createOrder(), then points the popup at the stand-in's approval page. That page
 * answers with window.opener.postMessage({source: "paypal-standin", event, orderID, payerID}).
 * Closing the popup without a choice counts as a cancel, as with PayPal.
 * Differences: no iframe, one funding source (PayPal), no client-side actions.order.*.
 */
(function () {
  "use strict";
  var config = window.__paypalStandin || {};
  var base = config.base || "";
  var baseOrigin = new URL(base || window.location.href).origin;

  function toError(value) {
    return value instanceof Error ? value : new Error(String(value));
  }

  function Buttons(options) {
    options = options || {};
    var rendered = [];

    function reportError(err) {
      if (typeof options.onError === "function") {
        options.onError(toError(err));
      } else if (window.console) {
        window.console.error(err);
      }
    }

    function startCheckout(button) {
      if (button.getAttribute("aria-busy") === "true") {
        return;  // a double click opens one checkout, not two
      }
      button.setAttribute("aria-busy", "true");
      var popup = window.open("", "paypal_standin_checkout", "width=500,height=700");
      var orderID = null;
      var finished = false;
      var poll = null;

      function finish() {
        finished = true;
        button.removeAttribute("aria-busy");
        window.removeEventListener("message", onMessage);
        if (poll) { window.clearInterval(poll); }
      }

      function onMessage(event) {
        var data = event.data || {};
        if (finished || event.origin !== baseOrigin || data.source !== "paypal-standin" ||
            data.orderID !== orderID) {
          return;
        }
        finish();
        if (data.event === "approve") {
          var approveData = {orderID: data.orderID, payerID: data.payerID, paymentID: null,
                             billingToken: null, facilitatorAccessToken: "standin",
                             paymentSource: "paypal"};
          var actions = {
            restart: function () { startCheckout(button); },
            redirect: function (url) { window.location.href = url; }
          };
          if (typeof options.onApprove === "function") {
            Promise.resolve().then(function () { return options.onApprove(approveData, actions); })
              .catch(reportError);
          }
        } else if (data.event === "cancel") {
          if (typeof options.onCancel === "function") { options.onCancel({orderID: data.orderID}); }
        } else {
          reportError(new Error(data.message || "PayPal checkout failed"));
        }
      }

      if (!popup) {
        finish();
        reportError(new Error("The PayPal window could not be opened (popup blocked)"));
        return;
      }
      Promise.resolve()
        .then(function () {
          if (typeof options.onClick === "function") { options.onClick({fundingSource: "paypal"}, {}); }
          if (typeof options.createOrder !== "function") { throw new Error("createOrder is required"); }
          return options.createOrder({paymentSource: "paypal"}, {});
        })
        .then(function (id) {
          if (typeof id !== "string" || !id) {
            throw new Error("Expected an order id to be passed (createOrder returned " + String(id) + ")");
          }
          orderID = id;
          window.addEventListener("message", onMessage);
          popup.location.href = base + "/checkoutnow?token=" + encodeURIComponent(id) + "&sdk=1";
          poll = window.setInterval(function () {
            if (popup.closed && !finished) {
              finish();
              if (typeof options.onCancel === "function") { options.onCancel({orderID: orderID}); }
            }
          }, 300);
        })
        .catch(function (err) {
          finish();
          try { popup.close(); } catch (ignored) { /* already gone */ }
          reportError(err);
        });
    }

    return {
      isEligible: function () { return true; },
      render: function (target) {
        var container = typeof target === "string" ? document.querySelector(target) : target;
        if (!container) {
          return Promise.reject(new Error("Document is ready and element " + String(target) + " does not exist"));
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "paypal-standin-button";
        button.setAttribute("data-funding-source", "paypal");
        button.setAttribute("aria-label", "PayPal");
        button.textContent = "PayPal";
        button.style.cssText = "display:block;width:100%;min-height:40px;border:0;border-radius:4px;" +
          "background:#ffc439;color:#003087;font:bold 16px sans-serif;cursor:pointer";
        button.addEventListener("click", function () { startCheckout(button); });
        container.appendChild(button);
        rendered.push(button);
        return Promise.resolve();
      },
      close: function () {
        rendered.forEach(function (button) { button.remove(); });
        rendered = [];
        return Promise.resolve();
      }
    };
  }

  window.paypal = {
    version: "5.0.0-standin",
    FUNDING: {PAYPAL: "paypal"},
    Buttons: Buttons
  };
}());
