"""What the host and learners see, as template contexts built from session rows (no HTML here).

The calculation is shown line by line, as the seed's Estimated Session Cost page
describes it: people minutes, teleconferencing minutes, each times its rate, the
exact sum, and the total rounded once.
"""
from datetime import UTC

from fee_training_xblock.conf import payments_configured, setting
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.live_sessions import attendance, estimates, sales
from fee_training_xblock.live_sessions.domain.estimate import format_count, format_exact
from fee_training_xblock.live_sessions.domain.plan import KIND_NOW, KIND_SCHEDULED


def moment_text(moment):
    """A time for display, in UTC ('2026-12-01 14:00 UTC'); the page's script shows it in local time too."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def calculation(session):
    """The estimate of a session row, every figure formatted for the Estimated Session Cost page."""
    result = estimates.estimate_of(session)
    currency = result.rates.currency
    return {
        "duration": format_count(result.usage.duration_minutes),
        "session_computers": format_count(result.usage.session_computers),
        "teleconference_computers": format_count(result.usage.teleconference_computers),
        "people_minutes": format_count(result.people_minutes),
        "teleconference_minutes": format_count(result.teleconference_minutes),
        "people_rate": format_exact(result.rates.people_minute, currency),
        "teleconference_rate": format_exact(result.rates.teleconference_minute, currency),
        "people_cost": format_exact(result.people_cost, currency),
        "teleconference_cost": format_exact(result.teleconference_cost, currency),
        "exact_total": format_exact(result.exact_total, currency),
        "rounded": result.was_rounded,
        "total": result.total.format(),
        "currency": currency,
    }


def session_facts(session):
    """Title, kind, times and join link of a session row, for display."""
    return {
        "id": session.pk,
        "title": session.title,
        "kind": session.kind,
        "division": session.division,
        "starts_at": moment_text(session.starts_at),
        "starts_at_iso": session.starts_at.isoformat() if session.starts_at else "",
        "ends_at": moment_text(session.ends_at),
        "duration": format_count(session.duration_minutes),
        "has_join_url": bool(session.join_url),
    }


def form_values(session, default_title):
    """The session form's values: the last estimate's (Change loses nothing), or sensible first values."""
    if session is None:
        return {"title": default_title, "duration_minutes": 60, "session_computers": "", "kind": KIND_SCHEDULED,
                "teleconference_computers": 0, "division": "", "join_url": "", "starts_at_iso": ""}
    return {"title": session.title, "duration_minutes": session.duration_minutes, "kind": session.kind,
            "session_computers": session.session_computers, "division": session.division,
            "teleconference_computers": session.teleconference_computers, "join_url": session.join_url,
            "starts_at_iso": session.starts_at.isoformat() if session.starts_at else ""}


def usage_report(session, now):
    """Measured against estimated people minutes (and what is still due, if charged), for the host."""
    measured = attendance.measured(session)
    due = sales.difference_due(session, now)
    return {
        "ended": attendance.has_ended(session, now),
        "joiners": measured.joiners,  # a number: the sentence about them has plural forms
        "measured_people_minutes": format_count(measured.people_minutes),
        "estimated_people_minutes": format_count(session.duration_minutes * session.session_computers),
        "measured_cost": measured.cost.format(),
        "agreed_cost": Money(int(session.amount_minor), session.currency).format(),
        "difference": measured.difference.format(),
        "charges_difference": setting("LIVE_SESSION_CHARGE_DIFFERENCE"),
        "difference_due": due.format() if due else "",
        "difference_paid": Money(int(session.difference_paid_minor), session.currency).format()
        if session.difference_paid_minor else "",
    }


def host_context(ref, default_title, now, gettext):
    """Everything the host panel shows: the open session, or the estimate and the form; `price` to pay, if any."""
    context = {"switched_on": setting("LIVE_SESSIONS_ENABLED"), "payments_configured": payments_configured(),
               "price": "", "problem": "", "kinds": {"now": KIND_NOW, "scheduled": KIND_SCHEDULED}}
    session = estimates.open_session(ref.usage_key)
    if session is not None:
        context.update(session=session_facts(session), calc=calculation(session), usage=usage_report(session, now),
                       join_url=session.join_url)
        context["price"] = context["usage"]["difference_due"]
        return context
    draft = estimates.current_estimate(ref.usage_key)
    context["form"] = form_values(draft, default_title)
    if draft is not None:
        context.update(estimate=session_facts(draft), calc=calculation(draft),
                       valid_until=moment_text(draft.valid_until))
        try:
            estimates.payable_estimate(ref.usage_key, now)
            context["price"] = context["calc"]["total"]
            context["free"] = draft.amount_minor == 0
        except DomainError as err:
            context["problem"] = err.localized(gettext)
    return context


def learner_context(session, now, may_join):
    """What a learner sees of an open session; the join link only with access and before the end."""
    ended = attendance.has_ended(session, now)
    live = session.starts_at is not None and session.starts_at <= now and not ended
    may_join = may_join and not ended and bool(session.join_url)
    return {"session": session_facts(session), "ended": ended, "live": live, "may_join": may_join,
            "join_url": session.join_url if may_join else ""}
