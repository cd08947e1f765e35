"""Webinar test helpers: blocks in webinar mode on a real XBlock runtime, fast password hashes, a clean cache."""
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.runtime import BlockFactory

FAST_HASHES = {"WEBINAR_PASSWORD_ITERATIONS": 100_000}  # the lowest the settings allow: tests stay quick


def start_in(minutes):
    """A start time `minutes` from now, in UTC, as an author types it."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def webinar_olx(fee="0", currency="EUR", starts=None, zone="UTC", minutes=60, url="https://meet.example.org/room",
                password=True, sharing=False, signature="Anna Nowak, Data School", title="Live Q&amp;A"):
    """OLX of a webinar block with one child (the participants' material)."""
    return f"""
<fee_training display_name="{title}" fee="{fee}" currency="{currency}" access_mode="webinar"
    webinar_starts_at="{starts or start_in(5)}" webinar_time_zone="{zone}" webinar_duration_minutes="{minutes}"
    webinar_join_url="{url}" webinar_password_required="{str(password).lower()}"
    webinar_sharing_allowed="{str(sharing).lower()}" webinar_signature="{signature}">
  <html_demo><p class="webinar-material">SECRET-WEBINAR-MATERIAL</p></html_demo>
</fee_training>
"""


def webinar(**kwargs):
    """A BlockFactory holding one webinar block (call .block_for(user) to see it as someone)."""
    return BlockFactory(webinar_olx(**kwargs))


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    """Hashes use the fewest iterations allowed; the LMS root (lockouts: the root conftest empties the cache)."""
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, **FAST_HASHES}
    settings.LMS_ROOT_URL = "http://testserver"  # the LMS sets it; personal links in emails are absolute
