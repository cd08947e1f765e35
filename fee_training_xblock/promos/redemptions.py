"""Using a promo code: hold it while the learner pays, confirm it once access is given, release or give it back.

Exactness: every use that can count against a code's limit (hold, confirm, free
redemption) runs inside `transaction.atomic()` with the PromoCode row locked by
`select_for_update()`, and counts confirmed redemptions plus live (unexpired) holds
under that lock. Concurrent learners therefore queue on the row and the limit is
never exceeded. Holds expire (PROMO_HOLD_MINUTES), so an abandoned payment frees
its slot without any clean-up job.
"""
import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fee_training_xblock.conf import setting
from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.promos.domain import codes as rules
from fee_training_xblock.promos.models import PromoCode, PromoRedemption
from fee_training_xblock.promos.quotes import checked_quote, guarded

log = logging.getLogger(__name__)


def hold_duration():
    """How long a started payment keeps its promo slot."""
    return timedelta(minutes=setting("PROMO_HOLD_MINUTES"))


def _lock(code):
    """The PromoCode row locked until this transaction ends (None if absent or malformed)."""
    if not rules.is_well_formed(code):
        return None
    return PromoCode.objects.select_for_update().filter(code=code).first()


def _expire_holds(row, now):
    PromoRedemption.objects.filter(promo=row).lapsed_holds(now).release(now)


def _slot(row, user_key):
    return str(user_key) if row.once_per_learner else None


def _lock_and_check(fee, ref, user_key, code_text, now):
    """Inside a transaction: lock the code's row, expire its lapsed holds, check it; (row, quote, own_hold)."""
    row = _lock(rules.normalize_code(code_text))
    if row is not None:
        _expire_holds(row, now)
    quote, own_hold = checked_quote(fee, ref, user_key, code_text, row, now)
    return row, quote, own_hold


def hold_redemption(fee, ref, user_key, code_text, reference="", now=None):
    """Reserve one use of the code for a learner who starts paying; returns (redemption, quote).

    The hold counts against the limit until it is confirmed, released or expires.
    A learner's second start for the same block reuses (and extends) their hold;
    `reference` (the PaymentIntent being charged) tags it for release_redemption.
    """
    now = now or timezone.now()
    code = rules.normalize_code(code_text)

    def attempt():
        with transaction.atomic():
            row, quote, own_hold = _lock_and_check(fee, ref, user_key, code_text, now)
            amounts = dict(currency=quote.fee.currency, fee_minor=quote.fee.minor,
                           discount_minor=quote.discount.minor, total_minor=quote.total.minor)
            if own_hold is not None:
                for name, value in amounts.items():
                    setattr(own_hold, name, value)
                own_hold.held_until = now + hold_duration()
                own_hold.reference = reference or own_hold.reference
                own_hold.save()
                return own_hold, quote
            if row.once_per_learner:  # a live hold on another block: the learner moved on
                PromoRedemption.objects.filter(promo=row, learner_slot=str(user_key),
                                               status=PromoRedemption.HELD).release(now)
            held = PromoRedemption.objects.create(
                promo=row, user_key=str(user_key), course_key=str(ref.course_key), usage_key=str(ref.usage_key),
                status=PromoRedemption.HELD, learner_slot=_slot(row, user_key), held_until=now + hold_duration(),
                reference=reference, created_at=now, **amounts,
            )
            return held, quote

    held, quote = guarded(user_key, attempt)
    log.info("Promo %s held for %s on %s until %s", code, user_key, ref.usage_key, held.held_until)
    return held, quote


def redemption_event(redemption, via):
    """The tracking-event payload for a confirmed redemption."""
    return {
        "code": redemption.promo.code,
        "user_key": redemption.user_key,
        "course_key": redemption.course_key,
        "usage_key": redemption.usage_key,
        "via": via,
        "currency": redemption.currency,
        "fee_minor": redemption.fee_minor,
        "discount_minor": redemption.discount_minor,
        "total_minor": redemption.total_minor,
        "reference": redemption.reference,
    }


def confirm_redemption(ref, user_key, code_text, reference="", now=None, publish=None):
    """Count the learner's held use once access is granted (payment succeeded). Idempotent.

    Returns the confirmed PromoRedemption, or None when there was no hold to
    confirm, or the hold lapsed and the code has no room left (logged: the
    learner paid, so the caller grants access anyway, but the limit stays exact).
    `publish(event_name, data)` is called with "promo.redeemed" on a new confirmation.
    """
    now = now or timezone.now()
    code = rules.normalize_code(code_text)
    with transaction.atomic():
        row = _lock(code)
        if row is None:
            log.warning("Confirm of unknown promo code %r for %s", code_text, user_key)
            return None
        mine = PromoRedemption.objects.filter(promo=row, user_key=str(user_key), usage_key=str(ref.usage_key))
        done = mine.filter(status=PromoRedemption.CONFIRMED).first()
        if done is not None:
            return done
        candidate = mine.exclude(status=PromoRedemption.CONFIRMED).order_by("-created_at").first()
        if candidate is None:
            log.warning("No held promo %s for %s on %s to confirm", code, user_key, ref.usage_key)
            return None
        live = candidate.status == PromoRedemption.HELD and candidate.held_until > now
        if not live and not _room_for_late(row, candidate, user_key, now):
            log.warning("Promo %s hold for %s lapsed and the code is full: not counted", code, user_key)
            return None
        if not live and row.once_per_learner:
            PromoRedemption.objects.filter(promo=row, learner_slot=str(user_key)).exclude(pk=candidate.pk).release(now)
        candidate.status = PromoRedemption.CONFIRMED
        candidate.learner_slot = _slot(row, user_key)
        candidate.confirmed_at = now
        candidate.reference = reference or candidate.reference
        candidate.save()
    log.info("Promo %s confirmed for %s on %s", code, user_key, ref.usage_key)
    if publish:
        publish("promo.redeemed", redemption_event(candidate, via="payment"))
    return candidate


def _room_for_late(row, candidate, user_key, now):
    """May a lapsed hold still be confirmed: room under the limit and no other confirmed use by the learner."""
    uses = PromoRedemption.objects.filter(promo=row).exclude(pk=candidate.pk)
    if row.once_per_learner and uses.filter(user_key=str(user_key), status=PromoRedemption.CONFIRMED).exists():
        return False
    if row.max_redemptions is None:
        return True
    taken = uses.filter(Q(status=PromoRedemption.CONFIRMED)
                        | Q(status=PromoRedemption.HELD, held_until__gt=now)).count()
    return taken < row.max_redemptions


def release_redemption(ref, user_key, code_text, reference=None, now=None):
    """Give back the learner's held use (payment failed, was cancelled or expired). Returns True if one was held.

    With `reference` (a PaymentIntent id) only a hold made for that payment is
    released, so a late event about an abandoned attempt cannot free the hold
    of the learner's next attempt (hold_redemption re-tags the hold per attempt).
    """
    now = now or timezone.now()
    code = rules.normalize_code(code_text)
    held = PromoRedemption.objects.filter(
        promo__code=code, user_key=str(user_key), usage_key=str(ref.usage_key), status=PromoRedemption.HELD,
    )
    if reference is not None:
        held = held.filter(reference=str(reference))
    changed = held.release(now)
    if changed:
        log.info("Promo %s hold released for %s on %s", code, user_key, ref.usage_key)
    return bool(changed)


def return_refunded_use(ref, user_key, code_text, reference, now=None):
    """Give back the use a refunded payment had confirmed. Returns True if one was confirmed.

    A use counts only while it gives access; a refund takes the access away,
    so the code's "uses left" (and the learner's once-per-learner slot) come back.
    """
    if not code_text:
        return False
    changed = PromoRedemption.objects.filter(
        promo__code=rules.normalize_code(code_text), user_key=str(user_key), usage_key=str(ref.usage_key),
        status=PromoRedemption.CONFIRMED, reference=str(reference),
    ).release(now)
    if changed:
        log.info("Promo %s use returned after refund of %s", code_text, reference)
    return bool(changed)


def redeem_free(fee, ref, user_key, code_text, now=None):
    """Grant access with a code that covers the whole fee: no card, no Stripe. Returns (redemption, grant).

    The confirmed redemption (total 0) and the AccessGrant (via "promo",
    reference = the code) are written in one transaction under the code's lock.
    """
    now = now or timezone.now()
    code = rules.normalize_code(code_text)

    def attempt():
        with transaction.atomic():
            row, quote, own_hold = _lock_and_check(fee, ref, user_key, code_text, now)
            if not quote.is_free:
                raise rules.NeedsPayment(
                    _("Promo code {code} takes {discount} off; the remaining {total} is paid by card."),
                    field="code", code=row.code, discount=quote.discount.format(), total=quote.total.format(),
                )
            redemption = own_hold or PromoRedemption(
                promo=row, user_key=str(user_key), course_key=str(ref.course_key), usage_key=str(ref.usage_key),
                created_at=now,
            )
            redemption.status = PromoRedemption.CONFIRMED
            redemption.learner_slot = _slot(row, user_key)
            redemption.held_until = None
            redemption.confirmed_at = now
            redemption.reference = "free"
            redemption.currency = quote.fee.currency
            redemption.fee_minor, redemption.discount_minor, redemption.total_minor = (
                quote.fee.minor, quote.discount.minor, 0)
            redemption.save()
            grant = ledger.grant_access(ref, user_key, via=AccessGrant.VIA_PROMO, reference=row.code)
            return redemption, grant

    redemption, grant = guarded(user_key, attempt)
    log.info("Free promo %s redeemed by %s on %s", code, user_key, ref.usage_key)
    return redemption, grant
