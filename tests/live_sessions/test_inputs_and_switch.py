"""Every bad input to the host's handlers is a 4xx naming the field; the site switch, rates and Studio checks."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from xblock.validation import Validation

from fee_training_xblock.models import LiveSession, LiveSessionRate
from tests.live_sessions.conftest import SEED_EXAMPLE, live_olx
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = [pytest.mark.django_db]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
fields = st.sampled_from(sorted(SEED_EXAMPLE) + ["starts_at", "unexpected"])


@pytest.mark.parametrize("payload, status, words", [
    ({**SEED_EXAMPLE, "duration_minutes": "sixty"}, 400, "Duration (minutes) must be a whole number"),
    ({**SEED_EXAMPLE, "session_computers": ["25"]}, 400, "'session_computers' must be a single value"),
    ({**SEED_EXAMPLE, "kind": "scheduled", "starts_at": "2026-13-01T10:00"}, 400, "Start time must be"),
    ({**SEED_EXAMPLE, "division": None}, 400, "Division or cost centre cannot be empty"),
    ([1, 2], 400, "Send a JSON object"),
])
def test_bad_options_get_a_400_naming_the_field(settings, payload, status, words):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True}
    code, body = call_json(BlockFactory(live_olx()).block_for("host", staff=True), "estimate_session", payload)
    assert (code, words in body["error"]) == (status, True), body
    assert not LiveSession.objects.exists()


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(fields, json_values, max_size=9))
def test_no_input_makes_a_500(settings, payload):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True, "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.10"}
    block = BlockFactory(live_olx()).block_for("host", staff=True)
    code, body = call_json(block, "estimate_session", payload)
    assert code in (200, 400), body
    if code == 400:
        assert body["error"]


def test_malformed_json_body_is_a_400(settings):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True}
    block = BlockFactory(live_olx()).block_for("host", staff=True)
    code, _ = call_json(block, "estimate_session", None, raw=b"{not json")
    assert code == 400


def test_with_the_switch_off_the_host_is_told_whom_to_ask_and_nothing_is_estimated(settings):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": False}
    block = BlockFactory(live_olx()).block_for("host", staff=True)
    assert "Pay-per-use sessions are not switched on for this site" in student_html(block)
    code, body = call_json(block, "estimate_session", SEED_EXAMPLE)
    assert code == 400 and "LIVE_SESSIONS_ENABLED" in body["error"]
    assert not LiveSession.objects.exists()


def test_without_card_payments_the_host_sees_the_estimate_but_no_card_form(settings):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True, "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.10",
                             "LIVE_SESSION_TELECONFERENCE_MINUTE_RATE": "0.05"}
    block = BlockFactory(live_olx()).block_for("host", staff=True)
    assert call_json(block, "estimate_session", SEED_EXAMPLE)[0] == 200
    html = student_html(block)
    assert "$180.00" in html and 'data-role="pay-form"' not in html and "Card payments are not available" in html


def test_organization_rates_win_over_site_rates_which_win_over_settings(settings):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True, "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.10",
                             "LIVE_SESSION_TELECONFERENCE_MINUTE_RATE": "0.05"}
    factory = BlockFactory(live_olx())
    host = factory.block_for("host", staff=True)
    organization = host.ref().organization

    def confirmed():
        code, body = call_json(factory.block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)
        assert code == 200, body
        return LiveSession.objects.get(pk=body["session"])

    assert (confirmed().amount_minor, confirmed().rate_source) == (18000, "settings")
    LiveSessionRate.objects.create(organization="", currency="EUR", people_minute_rate=Decimal("0.0125"),
                                   teleconference_minute_rate=Decimal("0"))
    session = confirmed()
    assert (session.currency, session.amount_minor, session.rate_source) == ("EUR", 1875, "admin: site-wide")
    LiveSessionRate.objects.create(organization=organization, currency="JPY", people_minute_rate=Decimal("1.5"),
                                   teleconference_minute_rate=Decimal("0.25"))
    session = confirmed()  # 1,500 x 1.5 + 600 x 0.25 = 2,400 yen
    assert (session.currency, session.amount_minor) == ("JPY", 2400)
    assert session.rate_source == f"admin: {organization}"
    assert "¥2,400" in student_html(factory.block_for("host", staff=True))


def test_malformed_rates_in_settings_are_reported_to_the_host_not_a_500(settings):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True, "LIVE_SESSION_CURRENCY": "DOLLARS"}
    code, body = call_json(BlockFactory(live_olx()).block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)
    assert code == 400 and "LIVE_SESSION_CURRENCY" in body["error"] and "site administrator" in body["error"]


def test_studio_warns_when_the_site_switch_is_off(settings):
    block = BlockFactory(live_olx()).block_for("author", staff=True)

    def messages():
        validation = Validation(block.scope_ids.usage_id)
        block.validate_field_data(validation, block)  # the block's own fields as the submitted data
        return [(message.type, message.text) for message in validation.messages]

    settings.FEE_TRAINING = {}
    assert [kind for kind, text in messages() if "LIVE_SESSIONS_ENABLED" in text] == ["warning"]
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True}
    assert messages() == []
