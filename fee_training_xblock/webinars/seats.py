"""What a webinar sells: a seat ("webinar_seat", product id = the block's usage key).

A paid seat admits the payer (an AccessGrant via payment) and issues their own
personal link, already claimed by them; once the payment is committed,
`payment_succeeded` queues their invitation. A full refund takes the seat back.
"""
import logging

from django.db import transaction

from fee_training_xblock.core import ledger, products, signals
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.products import Offer
from fee_training_xblock.data import BlockRef
from fee_training_xblock.webinars import invitations, links, rooms
from fee_training_xblock.webinars.handlers import MODE
from fee_training_xblock.webinars.models import WebinarLink

log = logging.getLogger(__name__)

PRODUCT_TYPE = "webinar_seat"


def seat_offer(ref, cfg):
    """The Offer of a seat in the webinar of block `ref` at the author's fee (promo codes may apply)."""
    if cfg.fee.is_zero():
        raise PaymentError(_("This webinar has no fee: there is nothing to pay."))
    return Offer(product_type=PRODUCT_TYPE, product_id=ref.usage_key, title=cfg.display_name, fee=cfg.fee,
                 course_key=ref.course_key, usage_key=ref.usage_key, discountable=True)


class WebinarSeat(products.Product):
    """A paid payment admits the payer and gives them a personal link; a full refund takes both back."""

    type = PRODUCT_TYPE
    refund_summary = _("Payment refunded: the learner's seat and personal link were taken back.")
    refund_notice = _("Your seat in the webinar has been cancelled and your personal link no longer admits you.")

    def current_price(self, product_id, course_key, usage_key):
        """The webinar block's published fee (read in the LMS), or None where it cannot be known."""
        return products.published_fee(product_id, (MODE,))

    def already_owned(self, payment):
        """The payer is already admitted (a link, the password, another payment or staff)."""
        return ledger.has_access(payment.product_id, payment.payer_key)

    def fulfil(self, payment):
        """Admit the payer and issue their personal link (inside the payment's transaction)."""
        room = rooms.find_room(payment.product_id)
        if room is None:
            raise PaymentError(_("This webinar is not set up yet. You have not been charged; please contact the "
                               "course team."))
        links.issue_paid_link(room, payment.payer_key, payment.payer_email, payment.payment_intent_id)
        ledger.grant_access(BlockRef(payment.course_key, payment.product_id), payment.payer_key,
                            via=AccessGrant.VIA_PAYMENT, reference=payment.payment_intent_id)

    def on_refund(self, payment, reason):
        """A full refund ends the admission and the payer's link."""
        ledger.revoke_access(payment.product_id, payment.payer_key, reason)
        WebinarLink.objects.filter(webinar__usage_key=payment.product_id, kind=WebinarLink.KIND_PAID,
                                   reference=payment.payment_intent_id).revoke(reason)


def invite_payer(sender, payment, **kwargs):  # pylint: disable=unused-argument
    """payment_succeeded receiver: queue the payer's invitation. Never raises (the money has moved)."""
    if payment.product_type != PRODUCT_TYPE:
        return
    try:
        link = (WebinarLink.objects.select_related("webinar")
                .filter(kind=WebinarLink.KIND_PAID, reference=payment.payment_intent_id).first())
        if link is not None:
            with transaction.atomic():
                invitations.queue_for_payer(link)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not queue the webinar invitation of payment %s", payment.payment_intent_id)


def register():
    """Make webinar seats sellable and invite payers once their payment is committed."""
    products.register(WebinarSeat())
    signals.payment_succeeded.connect(invite_payer, dispatch_uid="fee_training_webinar_invite_payer")
