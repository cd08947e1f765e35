"""Confirming an estimate, finding a block's session, and what a host's payment buys (the Offer).

The Offer's price is recomputed from the stored session options and the rates stored
with the estimate, never from the rates in force at payment time, and never from the
browser. An estimate can be paid until `valid_until` (LIVE_SESSION_ESTIMATE_HOURS after
it was confirmed); later the host presses Change and gets a new one at the current rates.
"""
import logging
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import InvalidConfiguration, PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.products import Offer
from fee_training_xblock.live_sessions.domain.estimate import Usage, estimate
from fee_training_xblock.live_sessions.domain.plan import KIND_SCHEDULED, parse_plan
from fee_training_xblock.live_sessions.models import LiveSession
from fee_training_xblock.live_sessions.rates import agreed_rates, rates_for

log = logging.getLogger(__name__)

PRODUCT_TYPE = "live_session"


def require_switched_on():
    """Raise InvalidConfiguration unless the operator switched pay-per-use sessions on."""
    if not setting("LIVE_SESSIONS_ENABLED"):
        raise InvalidConfiguration(_("Pay-per-use sessions are not switched on for this site. Ask your site "
                                   "administrator to turn them on (setting LIVE_SESSIONS_ENABLED)."),
                                   field="LIVE_SESSIONS_ENABLED")


def open_session(usage_key):
    """The block's paid (open) session, or None."""
    return LiveSession.objects.of_block(usage_key).paid().first()


def current_estimate(usage_key):
    """The block's newest unpaid estimate, or None."""
    return LiveSession.objects.of_block(usage_key).estimated().order_by("-estimated_at", "-pk").first()


def estimate_of(session):
    """The Estimate recomputed from a session row's stored options and agreed rates."""
    usage = Usage(session.duration_minutes, session.session_computers, session.teleconference_computers)
    return estimate(usage, agreed_rates(session))


def confirm_estimate(ref, host_key, host_email, data, now):
    """Check the host's options, price them at today's rates and store the estimate (replacing the previous one).

    Raises InvalidSessionPlan listing every bad field, InvalidConfiguration when the
    site switch is off or the rates are malformed, PaymentError when the session is already paid.
    """
    require_switched_on()
    plan = parse_plan(data, now)
    rates, source = rates_for(ref.organization)
    result = estimate(plan.usage, rates)
    with transaction.atomic():
        if open_session(ref.usage_key) is not None:
            raise PaymentError(_("This session is already paid and open; there is nothing to estimate."))
        LiveSession.objects.of_block(ref.usage_key).supersede()
        session = LiveSession.objects.create(
            course_key=ref.course_key, usage_key=ref.usage_key, organization=ref.organization,
            host_key=str(host_key), host_email=host_email or "", title=plan.title, kind=plan.kind,
            starts_at=plan.starts_at, duration_minutes=plan.usage.duration_minutes,
            session_computers=plan.usage.session_computers,
            teleconference_computers=plan.usage.teleconference_computers, division=plan.division,
            join_url=plan.join_url, currency=rates.currency, people_minute_rate=rates.people_minute,
            teleconference_minute_rate=rates.teleconference_minute, rate_source=source,
            amount_minor=result.total.minor, estimated_at=now,
            valid_until=now + timedelta(hours=setting("LIVE_SESSION_ESTIMATE_HOURS")),
        )
    log.info("Live session estimate %s in %s: %s by host %s", session.pk, ref.usage_key, result.total.format(),
             host_key)
    return session


def payable_estimate(usage_key, now):
    """The estimate a host can pay now; PaymentError saying what to do otherwise."""
    if open_session(usage_key) is not None:
        raise PaymentError(_("This session is already paid and open; you have not been charged again."))
    session = current_estimate(usage_key)
    if session is None:
        raise PaymentError(_("Fill in the session options and press Schedule or Start Session to see the estimated "
                           "cost first."))
    if session.valid_until <= now:
        raise PaymentError(_("This estimate expired: press Change, then Schedule or Start Session for a new estimate "
                           "at the current rates."))
    if session.kind == KIND_SCHEDULED and session.starts_at <= now:
        raise PaymentError(_("The scheduled start time has passed: press Change and choose a new start time."))
    return session


def session_offer(session):
    """The Offer of opening `session`, priced from its stored options and agreed rates (no promo codes)."""
    fee = estimate_of(session).total
    if fee.minor != session.amount_minor:
        # The stored options, rates and total no longer agree: never charge an amount the host did not see.
        raise PaymentError(_("This estimate cannot be paid as it stands: press Change for a new estimate."))
    if fee.is_zero():
        raise PaymentError(_("There is nothing to pay for this session: open it without payment."))
    return Offer(product_type=PRODUCT_TYPE, product_id=str(session.pk),
                 title=gettext("Live session: {title} (cost centre: {division})").format(
                     title=session.title, division=session.division)[:255], fee=fee,
                 course_key=session.course_key, usage_key=session.usage_key, discountable=False)


def open_without_payment(usage_key, host_key, now):
    """Open a session whose estimate is zero (the rates are zero): nothing to pay, nothing to reimburse."""
    session = payable_estimate(usage_key, now)
    if session.amount_minor != 0 or not estimate_of(session).total.is_zero():
        raise PaymentError(_("This session has a cost: pay the estimate to open it."))
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        session.mark_paid("", host_key, now)
    return session
