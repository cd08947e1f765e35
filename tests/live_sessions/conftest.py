"""Fixtures of the live-session tests: the site switch and rates on, a live-session block seen by host and learners."""
import pytest

from tests.support.runtime import BlockFactory
from tests.support.stripe_cards import stripe_settings

MARKER = "LIVE-SESSION-CONTENT"
SEED_EXAMPLE = {"title": "Quarterly onboarding", "kind": "now", "duration_minutes": "60", "session_computers": "25",
                "teleconference_computers": "10", "division": "Sales EMEA",
                "join_url": "https://meet.example.com/onboarding"}


def live_olx(fee="0", currency="USD"):
    """A live-session block with one child whose text shows only after the host paid."""
    return f"""
<fee_training display_name="Live onboarding" fee="{fee}" currency="{currency}" access_mode="live_session">
  <html_demo><p class="paid-marker">{MARKER}</p></html_demo>
</fee_training>
"""


def live_settings(server, **extra):
    """FEE_TRAINING with card payments on localstripe and pay-per-use at the seed's rates (0.10 and 0.05 USD)."""
    live = {"LIVE_SESSIONS_ENABLED": True, "LIVE_SESSION_CURRENCY": "USD", "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.10",
            "LIVE_SESSION_TELECONFERENCE_MINUTE_RATE": "0.05"}
    return stripe_settings(server, **{**live, **extra})


@pytest.fixture
def live_on(settings, stripe_api):
    """Payments and pay-per-use switched on, pointed at the test's localstripe."""
    settings.FEE_TRAINING = live_settings(stripe_api)
    return stripe_api


@pytest.fixture
def course():
    """A live-session block without a learner fee (host = course staff 'host')."""
    return BlockFactory(live_olx())
