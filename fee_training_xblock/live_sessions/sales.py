"""What a host's payment buys: "live_session" opens the session, "live_session_difference" settles the measured extra.

Both are registered in core.products; their product id is the LiveSession's id, so a
payment names exactly which confirmed estimate it paid. They run inside the payment's
transaction with the payment row locked; a PaymentError rolls the payment state back.
Refunds are for platform staff (Django admin), never the host from the block: a host
who refunded their own session would have run it for free.
"""
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.conf import setting
from fee_training_xblock.core import products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.products import Offer
from fee_training_xblock.live_sessions import attendance
from fee_training_xblock.live_sessions.estimates import PRODUCT_TYPE, open_session
from fee_training_xblock.live_sessions.models import LiveSession

log = logging.getLogger(__name__)

DIFFERENCE_TYPE = "live_session_difference"


def _session_of(payment):
    """The locked LiveSession a payment names; PaymentError (with the reference for support) when it is gone."""
    product_id = str(payment.product_id or "")
    session = LiveSession.objects.select_for_update().filter(pk=int(product_id)).first() if product_id.isdigit() \
        else None
    if session is None or session.usage_key != payment.usage_key:
        log.error("Host payment %s names live session %r, which does not exist here", payment.payment_intent_id,
                  product_id)
        raise PaymentError(_("The session you paid for no longer exists. Please contact support; your payment "
                           "reference is {reference}."), reference=payment.payment_intent_id)
    return session


def _stored_session(product_id, usage_key):
    """The LiveSession a product id names in block `usage_key` (no lock), or None."""
    product_id = str(product_id or "")
    if not product_id.isdigit():
        return None
    return LiveSession.objects.filter(pk=int(product_id), usage_key=str(usage_key)).first()


class LiveSessionProduct(products.Product):
    """The host's payment of a confirmed estimate opens the session; a full refund closes it again."""

    type = PRODUCT_TYPE
    staff_refundable = False
    refund_summary = (_("Payment refunded: the live session \"{title}\" is closed and the learners it admitted no "
                      "longer have access."))
    refund_notice = (_("The live session \"{title}\" is closed: learners can no longer join it. To run it, estimate "
                     "and pay it again."))

    def current_price(self, product_id, course_key, usage_key):
        """The estimate the host confirmed for this session while it can still be paid, or None."""
        session = _stored_session(product_id, usage_key)
        if session is None or session.status != LiveSession.STATUS_ESTIMATED:
            return None
        return Money(int(session.amount_minor), session.currency)

    def refund_details(self, payment):
        """The session's title, for what staff and the host are told."""
        session = _stored_session(payment.product_id, payment.usage_key)
        return {"title": session.title if session else payment.title}

    def already_owned(self, payment):
        """The block already has an open session: a second payment would pay it twice."""
        return open_session(payment.usage_key) is not None

    def fulfil(self, payment):
        """Open the session the payment names, for exactly the amount the host agreed to."""
        session = _session_of(payment)
        if (int(payment.amount_minor), payment.currency) != (session.amount_minor, session.currency):
            raise PaymentError(_("The amount paid does not match the estimate. Please contact support; your payment "
                               "reference is {reference}."), reference=payment.payment_intent_id)
        try:
            with transaction.atomic():
                session.mark_paid(payment.payment_intent_id, payment.payer_key, payment.paid_at or timezone.now())
        except IntegrityError:  # another estimate of this block was paid at the same instant
            raise PaymentError(_("This session was already paid by another payment. Please contact support; your "
                               "payment reference is {reference}."), reference=payment.payment_intent_id) from None
        log.info("Live session %s opened by payment %s of host %s", session.pk, payment.payment_intent_id,
                 payment.payer_key)

    def on_refund(self, payment, reason):
        """Close the session and take back the learners' admissions it gave."""
        session = _session_of(payment)
        if session.status == LiveSession.STATUS_PAID and session.payment_reference == payment.payment_intent_id:
            session.mark_refunded(reason)
            attendance.revoke_admissions(session, reason)


class DifferenceProduct(products.Product):
    """The measured people minutes cost more than the estimate: the host pays the difference (if the site says so)."""

    type = DIFFERENCE_TYPE
    staff_refundable = False
    refund_summary = _("Payment refunded: the difference for the live session \"{title}\" is due again.")
    refund_notice = _("The difference for the live session \"{title}\" is due again.")

    def current_price(self, product_id, course_key, usage_key):
        """The measured difference still due for this session, or None."""
        session = _stored_session(product_id, usage_key)
        due = difference_due(session) if session is not None else None
        return Money(due.minor, due.currency) if due is not None else None

    def refund_details(self, payment):
        """The session's title, for what staff and the host are told."""
        session = _stored_session(payment.product_id, payment.usage_key)
        return {"title": session.title if session else payment.title}

    def already_owned(self, payment):
        """The difference of this session was paid already."""
        product_id = str(payment.product_id or "")
        return product_id.isdigit() and LiveSession.objects.filter(pk=int(product_id),
                                                                   difference_paid_minor__gt=0).exists()

    def fulfil(self, payment):
        """Record the difference as paid."""
        _session_of(payment).mark_difference_paid(payment.payment_intent_id, int(payment.amount_minor))

    def on_refund(self, payment, reason):
        """A refunded difference is due again."""
        session = _session_of(payment)
        if session.difference_reference == payment.payment_intent_id:
            session.mark_difference_refunded()


def difference_due(session, now=None):
    """The measured cost beyond the estimate the host still owes (Money), or None when nothing is due."""
    if not setting("LIVE_SESSION_CHARGE_DIFFERENCE") or session.status != LiveSession.STATUS_PAID:
        return None
    if session.difference_paid_minor or not attendance.has_ended(session, now):
        return None
    difference = attendance.measured(session).difference
    return difference if difference.minor > 0 else None


def difference_offer(session, now=None):
    """The Offer of the difference due for `session`; PaymentError when none is due."""
    due = difference_due(session, now)
    if due is None:
        raise PaymentError(_("This session is already paid and open; nothing more is due, and you have not been "
                           "charged again."))
    return Offer(product_type=DIFFERENCE_TYPE, product_id=str(session.pk),
                 title=gettext("Live session difference: {title} (cost centre: {division})").format(
                     title=session.title, division=session.division)[:255],
                 fee=Money(due.minor, due.currency), course_key=session.course_key, usage_key=session.usage_key,
                 discountable=False)


def register():
    """Make host payments sellable through the payment core."""
    products.register(LiveSessionProduct())
    products.register(DifferenceProduct())
