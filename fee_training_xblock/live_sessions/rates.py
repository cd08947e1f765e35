"""The pay-per-use rates in force for an organization: its admin row, else the site-wide row, else the settings."""
from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import DomainError, InvalidConfiguration
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.live_sessions.domain.estimate import make_rates
from fee_training_xblock.live_sessions.models import LiveSessionRate


def rates_for(organization):
    """(Rates, where they came from) for courses of `organization`.

    Malformed rates raise InvalidConfiguration telling the host to contact the site
    administrator (a host cannot fix them), with the setting and the problem.
    """
    try:
        return _rates_for(organization)
    except DomainError as err:
        raise InvalidConfiguration(_("The pay-per-use rates of this site are not set up correctly "
                                   "({setting}: {detail}). Please contact your site administrator."),
                                   field=err.field, setting=err.field, detail=err.message) from err


def _rates_for(organization):
    rows = {row.organization: row for row in LiveSessionRate.objects.filter(organization__in=[organization, ""])}
    row = rows.get(organization) or rows.get("")
    if row is not None:
        source = f"admin: {row.organization}" if row.organization else "admin: site-wide"
        return make_rates(row.currency, row.people_minute_rate, row.teleconference_minute_rate), source
    rates = make_rates(setting("LIVE_SESSION_CURRENCY"), setting("LIVE_SESSION_PEOPLE_MINUTE_RATE"),
                       setting("LIVE_SESSION_TELECONFERENCE_MINUTE_RATE"))
    return rates, "settings"


def agreed_rates(session):
    """The Rates stored on a confirmed estimate (what the host agreed to)."""
    return make_rates(session.currency, session.people_minute_rate, session.teleconference_minute_rate)
