"""The staff list of a block: who has (or had) access, since when, how, and what they paid; also as CSV.

It and the staff figures (counts, billing totals) grow with the course, so no page view
computes them: the staff panel loads them when staff ask.
"""
import csv
import io

from webob import Response
from xblock.core import XBlock

from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.core.learners import usernames_of
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.payments import fulfilment

VIA_LABELS = dict(AccessGrant.VIA_CHOICES)
COLUMNS = ("learner", "user_key", "how", "granted_at", "amount", "reference", "status")


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


COLUMN_LABELS = (_("Learner"), _("User id"), _("How"), _("Since"), _("Paid"), _("Reference"), _("Status"))


#: What a payment grant is called, by how the learner paid (the ledger says only "payment").
PAID_WITH = {"card": _("Card payment"), "paypal": _("PayPal payment")}


def how_label(grant, payment):
    """What gave the learner access, untranslated: the ledger's name for it, the way of paying for payments."""
    if grant.via == AccessGrant.VIA_PAYMENT and payment is not None:
        return PAID_WITH.get(payment.method, VIA_LABELS[AccessGrant.VIA_PAYMENT])
    return VIA_LABELS.get(grant.via, grant.via)


def access_rows(ref, gettext, now=None):
    """One dict per learner who has or had access to the block's content, newest first."""
    grants = ledger.grants_of_block(ref.usage_key)
    payments = fulfilment.payments_by_reference(
        ref.usage_key, [g.reference for g in grants if g.via == AccessGrant.VIA_PAYMENT])
    names = usernames_of({g.user_key for g in grants})
    rows = []
    for grant in grants:
        payment = payments.get(grant.reference) if grant.via == AccessGrant.VIA_PAYMENT else None
        amount = ""
        if payment is not None:
            amount = Money(int(payment.amount_minor), payment.currency).format()
            if payment.refunded_minor:
                amount += " " + gettext("(refunded {amount})").format(
                    amount=Money(int(payment.refunded_minor), payment.currency).format())
        if grant.revoked_at is not None:
            status = gettext("withdrawn {date}: {reason}").format(date=grant.revoked_at.strftime("%Y-%m-%d"),
                                                                 reason=grant.revoke_reason)
        elif not grant.is_active(now):
            status = gettext("expired {date}").format(date=grant.expires_at.strftime("%Y-%m-%d"))
        else:
            status = gettext("active")
        rows.append({
            "learner": names.get(grant.user_key, grant.user_key), "user_key": grant.user_key,
            "how": gettext(how_label(grant, payment)),
            "granted_at": grant.granted_at.strftime("%Y-%m-%d %H:%M UTC"), "amount": amount,
            "reference": grant.reference, "status": status,
        })
    return rows


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def access_csv(rows):
    """The access list as CSV text (header first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in COLUMNS])
    return out.getvalue()


class AccessReportMixin:
    """Staff handlers of the block: the access list as JSON (the staff panel's table) and as CSV, the figures."""

    @json_handler
    def staff_counts(self, data, suffix=""):
        """Staff: figures that grow with the course (learners with access, billing), computed only when asked."""
        self.require_staff()
        return {"html": self.gate().staff_figures(self)}

    @json_handler
    def staff_access_list(self, data, suffix=""):
        """Staff: who has or had access to this block's content, how, since when and what they paid."""
        self.require_staff()
        return {"rows": access_rows(self.ref(), self.gettext),
                "columns": [self.gettext(label) for label in COLUMN_LABELS]}

    @XBlock.handler
    def staff_access_csv(self, request, suffix=""):
        """Staff: the access list as a CSV download."""
        if not self.viewer().is_staff:
            return Response(status=403, body=self.gettext("Only course staff can do this.").encode(),
                            content_type="text/plain", charset="utf-8")
        body = access_csv(access_rows(self.ref(), self.gettext))
        return Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8",
                        content_disposition='attachment; filename="access.csv"')
