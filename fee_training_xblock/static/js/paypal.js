/* PayPal payment step: PayPal's JS SDK buttons (the buyer approves in PayPal's window), and a redirect to
 * PayPal's approval page where the SDK cannot load. The server creates the order for its own price,
 * captures it and checks it; no amount is ever sent from here. Called by FeeTrainingXBlock. */
function FeeTrainingPayPal(root, messages, callHandler) {
  "use strict";
  var section = root.querySelector("[data-role=paypal]");
  if (!section || !messages) { return null; }
  var errorBox = section.querySelector("[data-role=paypal-error]");
  var statusBox = section.querySelector("[data-role=paypal-status]");
  var redirectButton = section.querySelector("[data-role=paypal-redirect]");
  var marker = section.dataset.marker;

  function say(text) {
    statusBox.textContent = text || "";
    errorBox.textContent = "";
  }

  function fail(text) {
    errorBox.textContent = text || messages.retry;
    statusBox.textContent = "";
    redirectButton.disabled = false;
  }

  /* Card or PayPal: show the chosen way to pay, hide the other. */
  function choose(method) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-method]"), function (part) {
      part.hidden = part.dataset.method !== method;
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-role=method-choice] input"), function (radio) {
      radio.checked = radio.value === method;
    });
  }
  Array.prototype.forEach.call(root.querySelectorAll("[data-role=method-choice] input"), function (radio) {
    radio.addEventListener("change", function () { choose(radio.value); });
  });

  function startOrder() {
    return callHandler("paypal_start", {promo_code: root.dataset.promoCode || "", page_url: window.location.href});
  }

  function capture(orderId, actions) {
    say(messages.capturing);
    return callHandler("paypal_capture", {order_id: orderId}).then(function (reply) {
      if (reply.status === "paid") {
        say(messages.paid);
        window.location.reload();
      } else if (reply.status === "retry" && actions && typeof actions.restart === "function") {
        say(reply.message);
        actions.restart();  // PayPal's window again, to choose another card or bank account
      } else {
        say(reply.message || "");
      }
    }).catch(function (error) { fail(error.message); });
  }

  function cancelled(orderId) {
    return callHandler("paypal_cancel", {order_id: orderId}).then(function (reply) {
      fail(reply.message || messages.cancelled);
    }, function () { fail(messages.cancelled); });
  }

  /* Back from PayPal's approval page (redirect flow): only the block whose marker is in the address acts. */
  function handleReturn() {
    var params = new URLSearchParams(window.location.search);
    var approved = params.get("ft_paypal") === marker;
    var cancel = params.get("ft_paypal_cancel") === marker;
    var orderId = params.get("token");
    if (!(approved || cancel) || !orderId) { return; }
    ["ft_paypal", "ft_paypal_cancel", "token", "PayerID"].forEach(function (name) { params.delete(name); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    choose("paypal");
    if (approved) { capture(orderId, null); } else { cancelled(orderId); }
  }

  function offerRedirect() {
    redirectButton.hidden = false;
    say(messages.sdkMissing);
  }

  redirectButton.addEventListener("click", function () {
    if (redirectButton.disabled) { return; }  // a double click opens one order, not two
    redirectButton.disabled = true;
    say(messages.working);
    startOrder().then(function (reply) { window.location.assign(reply.approve_url); })
      .catch(function (error) { fail(error.message); });
  });

  function renderButtons() {
    if (!window.paypal || typeof window.paypal.Buttons !== "function") { offerRedirect(); return; }
    window.paypal.Buttons({
      createOrder: function () {
        errorBox.textContent = "";
        return startOrder().then(function (reply) { return reply.order_id; });
      },
      onApprove: function (data, actions) { return capture(data.orderID, actions); },
      onCancel: function (data) { cancelled(data.orderID); },
      onError: function (error) { fail(error && error.message); }
    }).render(section.querySelector("[data-role=paypal-buttons]")).catch(offerRedirect);
  }

  handleReturn();
  /* One SDK per page, loaded here so that a blocked or failed load falls back to the redirect. */
  if (!window.feeTrainingPayPalSdk) {
    window.feeTrainingPayPalSdk = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = section.dataset.sdkUrl;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  window.feeTrainingPayPalSdk.then(renderButtons, offerRedirect);
  return {section: section, choose: choose};
}
