/* PayPal payment step: PayPal's JS SDK buttons (the buyer approves in PayPal's window), and a redirect to
 * PayPal's approval page where the SDK cannot load. The server creates the order for its own price,
 * captures it and checks it; no amount is ever sent from here. Called by FeeTrainingXBlock.
 * Every failure shows the server's own (translated) message or one of `messages`, through `readable`;
 * never a browser's or PayPal's technical text. */
function FeeTrainingPayPal(root, callHandler, readable) {
  "use strict";
  var section = root.querySelector("[data-role=paypal]");
  if (!section) { return null; }
  /* Translations: the block's JavaScript catalogue (FeeTrainingI18N, from djangojs.po) when the page has one. */
  var catalogue = window.FeeTrainingI18N || {};
  function gettext(text) { return catalogue.gettext ? catalogue.gettext(text) : text; }
  var messages = {
    working: gettext("Opening PayPal…"),
    capturing: gettext("Approved in PayPal. Completing your payment…"),
    paid: gettext("Payment received. Opening your content…"),
    alreadyPaid: gettext("You already have access. Opening your content…"),
    cancelled: gettext("You cancelled the PayPal payment. No money was taken; you can pay again."),
    sdkMissing: gettext("PayPal's buttons could not be loaded. Use the button below to pay on PayPal's site " +
      "instead."),
    retry: gettext("The PayPal payment did not go through. No money was taken; please try again.")
  };
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

  var finished = false;  /* the content is opening: nothing else may show a message */

  /* Access exists already (another tab paid, a retry after a lost answer): show the content, not an error. */
  function opened(text) {
    finished = true;
    say(text);
    window.location.reload();
  }

  function startOrder() {
    return callHandler("paypal_start", {promo_code: root.dataset.promoCode || "", page_url: window.location.href});
  }

  function capture(orderId, actions) {
    say(messages.capturing);
    return callHandler("paypal_capture", {order_id: orderId}).then(function (reply) {
      if (reply.status === "paid" || reply.status === "already_paid") {
        opened(reply.status === "paid" ? messages.paid : messages.alreadyPaid);
      } else if (reply.status === "retry" && actions && typeof actions.restart === "function") {
        say(reply.message);
        actions.restart();  // PayPal's window again, to choose another card or bank account
      } else {
        say(reply.message || "");
      }
    }).catch(function (error) { fail(readable(error, messages.retry)); });
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
    startOrder().then(function (reply) {
      if (reply.status === "already_paid") { opened(messages.alreadyPaid); return; }
      window.location.assign(reply.approve_url);
    }).catch(function (error) { fail(readable(error, messages.retry)); });
  });

  function renderButtons() {
    if (!window.paypal || typeof window.paypal.Buttons !== "function") { offerRedirect(); return; }
    window.paypal.Buttons({
      createOrder: function () {
        errorBox.textContent = "";
        return startOrder().then(function (reply) {
          if (reply.status === "already_paid") {
            opened(messages.alreadyPaid);
            throw new Error("already_paid");  /* never shown: PayPal's window closes; the page reloads with the content */
          }
          return reply.order_id;
        }, function (error) {
          fail(readable(error, messages.retry));  /* the server's reason (a lockout, a refused code...) */
          throw error;
        });
      },
      onApprove: function (data, actions) { return capture(data.orderID, actions); },
      onCancel: function (data) { cancelled(data.orderID); },
      /* PayPal's own error text is technical: the learner reads ours, unless a message is shown already. */
      onError: function () { if (!finished && !errorBox.textContent) { fail(messages.retry); } }
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
