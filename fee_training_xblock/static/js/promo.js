/* Promo codes: the learner's code field (quote, free access) and the staff code manager.
   Called by FeeTrainingXBlock's init with its handler helper; all prices come from the server. */
function FeeTrainingPromo(runtime, root, callHandler, show, readable) {
  "use strict";
  /* Translations: the block's JavaScript catalogue (FeeTrainingI18N, from djangojs.po) when the page has one. */
  var catalogue = window.FeeTrainingI18N || {};
  function gettext(text) { return catalogue.gettext ? catalogue.gettext(text) : text; }
  function pgettext(context, text) { return catalogue.pgettext ? catalogue.pgettext(context, text) : text; }

  function text(node, value) { if (node) { node.textContent = value; } }

  /* ---- learner ---- */
  var form = root.querySelector("[data-role=promo-form]");
  if (form) {
    var input = form.querySelector("[data-role=promo-code]");
    var message = form.querySelector("[data-role=promo-message]");
    var quoteBox = form.querySelector("[data-role=promo-quote]");
    var freeButton = form.querySelector("[data-role=promo-free]");
    var price = root.querySelector("[data-role=price]");
    var fullPrice = price ? price.textContent : "";

    /* Show `display` as the amount to pay: the price line, the card form's button, the card form itself. */
    function showTotal(display, isFree) {
      var payButton = root.querySelector("[data-role=pay-button]");
      if (payButton && price) { payButton.textContent = payButton.textContent.replace(price.textContent, display); }
      var payForm = root.querySelector("[data-role=pay-form]");
      if (payForm) { payForm.hidden = isFree; }
      text(price, display);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      callHandler("apply_promo_code", {code: input.value}).then(function (reply) {
        var quote = reply.quote;
        text(form.querySelector("[data-role=quote-fee]"), quote.fee.display);
        text(form.querySelector("[data-role=quote-discount]"), "-" + quote.discount.display);
        text(form.querySelector("[data-role=quote-total]"), quote.total.display);
        quoteBox.hidden = !quote.promo_code;
        freeButton.hidden = !(quote.promo_code && quote.is_free);
        root.dataset.promoCode = quote.promo_code || "";
        showTotal(quote.total.display, quote.is_free);
        root.dispatchEvent(new CustomEvent("fee-training:quote", {detail: quote, bubbles: true}));
        show(message, reply.message, false);
      }).catch(function (error) {
        quoteBox.hidden = true;
        freeButton.hidden = true;
        root.dataset.promoCode = "";
        showTotal(fullPrice, false);
        show(message, readable(error), true);
      });
    });
    freeButton.addEventListener("click", function () {
      callHandler("redeem_free_code", {code: input.value}).then(function (reply) {
        show(message, reply.message, false);
        window.location.reload();
      }).catch(function (error) { show(message, readable(error), true); });
    });
  }

  /* ---- staff ---- */
  var staff = root.querySelector("[data-role=promo-staff]");
  if (!staff) { return; }
  var staffMessage = staff.querySelector("[data-role=promo-staff-message]");
  var createForm = staff.querySelector("[data-role=promo-create-form]");
  var table = staff.querySelector("[data-role=promo-table]");

  function formData() {
    var data = {};
    Array.prototype.forEach.call(createForm.elements, function (field) {
      if (!field.name) { return; }
      data[field.name] = field.type === "checkbox" ? field.checked : field.value;
    });
    return data;
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    row.appendChild(td);
    return td;
  }

  function loadTable() {
    return callHandler("staff_list_codes", {}).then(function (reply) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      reply.codes.forEach(function (item) {
        var row = document.createElement("tr");
        cell(row, item.code);
        cell(row, item.discount);
        cell(row, item.scope);
        cell(row, (item.valid_from || "…") + " – " + (item.valid_until || "…"));
        cell(row, item.uses + (item.held ? " (+" + item.held + ")" : ""));
        cell(row, item.uses_left === null ? "∞" : item.uses_left);
        cell(row, item.redeemed_by.map(function (r) { return r.username || r.user_key; }).join(", "));
        cell(row, item.active ? pgettext("promo code", "active") : pgettext("promo code", "inactive"));
        var actions = cell(row, "");
        if (item.active) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = gettext("Deactivate");
          button.addEventListener("click", function () {
            callHandler("staff_deactivate_code", {code: item.code}).then(function (reply) {
              show(staffMessage, reply.message, false);
              return loadTable();
            }).catch(function (error) { show(staffMessage, readable(error), true); });
          });
          actions.appendChild(button);
        }
        body.appendChild(row);
      });
      table.hidden = false;
    });
  }

  createForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = formData();
    var many = parseInt(data.count || "1", 10) !== 1;
    var call = many ? callHandler("staff_bulk_generate", data) : callHandler("staff_create_code", data);
    call.then(function (reply) {
      show(staffMessage, reply.message, false);
      if (reply.csv_url) { window.location.assign(reply.csv_url); }
      return loadTable();
    }).catch(function (error) { show(staffMessage, readable(error), true); });
  });
  staff.querySelector("[data-role=promo-list]").addEventListener("click", function () {
    loadTable().catch(function (error) { show(staffMessage, readable(error), true); });
  });
}
