/* Webinar mode, staff tools: room password, personal links (generate, list, revoke, reissue), invitations.
   Sent to staff only; called by FeeTrainingWebinar (webinar.js). Failures show the server's own (translated)
   message or one of the page's sentences, through `readable`. */
function FeeTrainingWebinarStaff(runtime, root, callHandler, show, config, readable) {
  "use strict";
  /* Translations: the block's JavaScript catalogue (FeeTrainingI18N, from djangojs.po) when the page has one. */
  var catalogue = window.FeeTrainingI18N || {};
  function gettext(text) { return catalogue.gettext ? catalogue.gettext(text) : text; }
  function pgettext(context, text) { return catalogue.pgettext ? catalogue.pgettext(context, text) : text; }
  /* Fill {name} placeholders (the catalogue keeps them, so translators can move them). */
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }
  /* Words of the staff table, by the value the server sends. */
  var linkStates = {
    unused: pgettext("personal link", "unused"), expired: pgettext("personal link", "expired"),
    revoked: pgettext("personal link", "revoked")
  };
  var linkKinds = {
    invited: pgettext("personal link", "invited"), paid: pgettext("personal link", "paid here"),
    paid_elsewhere: pgettext("personal link", "paid elsewhere")
  };
  var invitationStates = {
    not_sent: pgettext("invitation", "not sent"), queued: pgettext("invitation", "waiting"),
    sending: pgettext("invitation", "sending"), sent: pgettext("invitation", "sent"),
    failed: pgettext("invitation", "failed")
  };

  var staff = root.querySelector("[data-role=webinar-staff]");
  if (!staff) { return; }
  var message = staff.querySelector("[data-role=webinar-staff-message]");
  var table = staff.querySelector("[data-role=webinar-table]");
  var progress = staff.querySelector("[data-role=webinar-progress]");
  var invitationPassword = staff.querySelector("[data-role=webinar-invitation-password]");
  var polling = null;

  function fail(error) { show(message, readable(error), true); }

  function withPassword(payload) {
    payload.password = invitationPassword.value;
    return payload;
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "" : String(value);
    row.appendChild(td);
    return td;
  }

  function button(container, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", action);
    container.appendChild(b);
  }

  function stateText(link) {
    if (link.state === "claimed") {
      return format(gettext("claimed by {learner} ({when})"),
                    {learner: link.claimed_by, when: link.claimed_at.slice(0, 16)});
    }
    return linkStates[link.state] || link.state;
  }

  function showProgress(counts) {
    var waiting = (counts.queued || 0) + (counts.sending || 0);
    progress.textContent = format(gettext("Invitations: {sent} sent, {failed} failed, {queued} waiting, {not_sent} not sent."),
                                  {sent: counts.sent || 0, failed: counts.failed || 0, queued: waiting,
                                   not_sent: counts.not_sent || 0});
    if (waiting && !polling) {
      polling = window.setInterval(loadTable, 2000);
    } else if (!waiting && polling) {
      window.clearInterval(polling);
      polling = null;
    }
  }

  function loadTable() {
    return callHandler("webinar_links", {}).then(function (reply) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      reply.links.forEach(function (link) {
        var row = document.createElement("tr");
        row.dataset.link = link.id;
        row.dataset.state = link.state;
        cell(row, link.name);
        cell(row, link.email);
        cell(row, linkKinds[link.kind] || link.kind);
        cell(row, stateText(link)).dataset.role = "link-state";
        cell(row, link.expires_at ? link.expires_at.slice(0, 16) : "");
        var invitationState = invitationStates[link.invitation] || link.invitation;
        var invitation = cell(row, link.invitation_error ? format(gettext("{state}: {error}"),
          {state: invitationState, error: link.invitation_error}) : invitationState);
        invitation.dataset.role = "link-invitation";
        var actions = cell(row, "");
        if (link.state !== "revoked") {
          button(actions, gettext("Revoke"), function () { act("webinar_revoke", {link: link.id}); });
          if (link.email) { button(actions, gettext("Resend"), function () { act("webinar_invite", withPassword({link: link.id})); }); }
        }
        if (link.kind !== "paid") {
          button(actions, gettext("Re-issue"), function () { act("webinar_reissue", withPassword({link: link.id, send: !!link.email})); });
        }
        body.appendChild(row);
      });
      table.hidden = false;
      showProgress(reply.progress);
    }).catch(fail);
  }

  function act(handler, payload) {
    return callHandler(handler, payload).then(function (reply) {
      show(message, reply.message, false);
      if (reply.url) { showNewLinks([{name: "", email: "", url: reply.url}]); }
      return loadTable();
    }).catch(fail);
  }

  var newLinks = staff.querySelector("[data-role=webinar-new-links]");
  var lastLinks = [];
  function showNewLinks(items) {
    lastLinks = items;
    var list = newLinks.querySelector("[data-role=webinar-new-links-list]");
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.name || item.email ? format(gettext("{participant}: {link}"),
        {participant: item.name || item.email, link: item.url}) : item.url;
      li.dataset.role = "webinar-new-link";
      list.appendChild(li);
    });
    newLinks.querySelector("[data-role=webinar-new-links-note]").textContent =
      gettext("Shown once: copy or download these links now. Only their hashes are kept.");
    newLinks.hidden = items.length === 0;
  }
  newLinks.querySelector("[data-role=webinar-new-links-csv]").addEventListener("click", function () {
    function quote(value) { return "\"" + String(value || "").replace(/"/g, "\"\"") + "\""; }
    var lines = ["name,email,link"].concat(lastLinks.map(function (item) {
      return [quote(item.name), quote(item.email), quote(item.url)].join(",");
    }));
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], {type: "text/csv"}));
    a.download = "webinar-links.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  var roomForm = staff.querySelector("[data-role=webinar-room-password]");
  roomForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var action = (event.submitter && event.submitter.dataset.action) || "set";
    var input = roomForm.querySelector("input[name=password]");
    var handler = action === "clear" ? "webinar_clear_password" : "webinar_set_password";
    callHandler(handler, {password: input.value}).then(function (reply) {
      input.value = "";
      show(message, reply.message, false);
      staff.querySelector("[data-role=webinar-password-state]").textContent = reply.message;
    }).catch(fail);
  });

  var generate = staff.querySelector("[data-role=webinar-generate]");
  generate.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = generate.elements;
    var payload = withPassword({
      participants: fields.participants.value, expires_at: fields.expires_at.value,
      paid_elsewhere: fields.paid_elsewhere.checked, note: fields.note.value, send: fields.send.checked
    });
    var file = fields.csv_file.files && fields.csv_file.files[0];
    var reading = file ? file.text() : Promise.resolve("");
    reading.then(function (csv) {
      payload.csv = csv;
      return callHandler("webinar_generate", payload);
    }).then(function (reply) {
      show(message, reply.message, false);
      showNewLinks(reply.links || []);
      fields.participants.value = "";
      fields.csv_file.value = "";
      return loadTable();
    }).catch(fail);
  });

  staff.querySelector("[data-role=webinar-list]").addEventListener("click", loadTable);
  staff.querySelector("[data-role=webinar-invite-all]").addEventListener("click", function () {
    act("webinar_invite", withPassword({}));
  });
}
