/* Card payment step: Stripe.js Card Element, 3-D Secure, then server-side verification.
 * The amount is never sent from here: the server computes it. Called by FeeTrainingXBlock.
 * Every failure shows one of this script's translated sentences (`messages`) or the server's own
 * message; never a browser's or Stripe's technical text. */
function FeeTrainingPayment(root, config, callHandler, readable) {
  "use strict";
  var form = root.querySelector("[data-role=pay-form]");
  if (!form || !config) { return null; }
  var button = form.querySelector("[data-role=pay-button]");
  var errorBox = form.querySelector("[data-role=pay-error]");
  var statusBox = form.querySelector("[data-role=pay-status]");
  /* Translations: the block's JavaScript catalogue (FeeTrainingI18N, from djangojs.po) when the page has one. */
  var catalogue = window.FeeTrainingI18N || {};
  function gettext(text) { return catalogue.gettext ? catalogue.gettext(text) : text; }
  var messages = {
    working: gettext("Processing your payment…"),
    authenticating: gettext("Your bank asks you to confirm this payment…"),
    authFailed: gettext("The payment was not confirmed with your bank. No money was taken; try again or use " +
      "another card."),
    checkCard: gettext("Check your card number, expiry date and CVC, then press Pay again."),
    paid: gettext("Payment received. Opening your content…"),
    alreadyPaid: gettext("You already have access. Opening your content…"),
    retry: gettext("The payment did not go through. No money was taken; please try again."),
    stripeMissing: gettext("The card form could not be loaded, so you cannot pay yet. No money was taken. Check " +
      "your internet connection (or allow js.stripe.com in your browser's blocker), then reload the page.")
  };

  function fail(message) {
    errorBox.textContent = message;
    statusBox.textContent = "";
    button.disabled = false;
  }

  if (typeof Stripe === "undefined") {
    /* Stripe.js did not load (blocked, offline): the form must never submit itself (that would reload the page). */
    form.addEventListener("submit", function (event) { event.preventDefault(); fail(messages.stripeMissing); });
    fail(messages.stripeMissing);
    button.disabled = true;
    return null;
  }
  var stripe = Stripe(config.publishableKey);
  var card = stripe.elements().create("card");
  card.mount(root.querySelector("[data-role=card-element]"));

  function opened(message) {
    statusBox.textContent = message;
    window.location.reload();
  }

  /* 3-D Secure: Stripe.js shows the bank's step, then the server checks the result with Stripe. */
  function authenticate(reply) {
    statusBox.textContent = messages.authenticating;
    return stripe.confirmCardPayment(reply.client_secret).then(function (result) {
      if (!result || result.error) {
        var error = new Error(messages.authFailed);
        error.fromServer = true;  /* our own sentence, not Stripe's */
        throw error;
      }
      return callHandler("confirm_payment", {payment_intent_id: reply.payment_intent_id});
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.disabled) { return; }  // a double click must not start a second payment
    button.disabled = true;
    errorBox.textContent = "";
    statusBox.textContent = messages.working;
    stripe.createToken(card).then(function (result) {
      if (!result || result.error || !result.token) {
        var error = new Error(messages.checkCard);
        error.fromServer = true;
        throw error;
      }
      return callHandler("start_payment", {card_token: result.token.id, promo_code: root.dataset.promoCode || ""});
    }).then(function (reply) {
      return reply.status === "needs_authentication" ? authenticate(reply) : reply;
    }).then(function (reply) {
      /* 'already_paid': a retry after a lost answer, or another tab paid: show the content, not an error. */
      opened(reply && reply.status === "already_paid" ? messages.alreadyPaid : messages.paid);
    }).catch(function (error) { fail(readable(error, messages.retry)); });
  });
  return {card: card};
}
