/* Card payment step: Stripe.js Card Element, 3-D Secure, then server-side verification.
 * The amount is never sent from here: the server computes it. Called by FeeTrainingXBlock. */
function FeeTrainingPayment(root, config, callHandler) {
  "use strict";
  var form = root.querySelector("[data-role=pay-form]");
  if (!form || !config || typeof Stripe === "undefined") { return null; }
  var stripe = Stripe(config.publishableKey);
  var card = stripe.elements().create("card");
  card.mount(root.querySelector("[data-role=card-element]"));
  var button = form.querySelector("[data-role=pay-button]");
  var errorBox = form.querySelector("[data-role=pay-error]");
  var statusBox = form.querySelector("[data-role=pay-status]");

  function fail(message) {
    errorBox.textContent = message;
    statusBox.textContent = "";
    button.disabled = false;
  }

  function paid() {
    statusBox.textContent = config.messages.paid;
    window.location.reload();
  }

  /* 3-D Secure: Stripe.js shows the bank's step, then the server checks the result with Stripe. */
  function authenticate(reply) {
    statusBox.textContent = config.messages.authenticating;
    return stripe.confirmCardPayment(reply.client_secret).then(function (result) {
      if (result.error) {
        throw new Error(result.error.message || config.messages.authFailed);
      }
      return callHandler("confirm_payment", {payment_intent_id: reply.payment_intent_id});
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.disabled) { return; }  // a double click must not start a second payment
    button.disabled = true;
    errorBox.textContent = "";
    statusBox.textContent = config.messages.working;
    stripe.createToken(card).then(function (result) {
      if (result.error || !result.token) {
        throw new Error((result.error && result.error.message) || config.messages.checkCard);
      }
      return callHandler("start_payment", {card_token: result.token.id, promo_code: root.dataset.promoCode || ""});
    }).then(function (reply) {
      return reply.status === "needs_authentication" ? authenticate(reply) : reply;
    }).then(paid).catch(function (error) { fail(error.message || config.messages.retry); });
  });
  return {card: card};
}
