"""Operator settings of pay-per-use sessions: exact decimal rates from settings or the environment, deploy checks."""
from decimal import Decimal

from django.core.checks import run_checks

from fee_training_xblock import conf


def messages():
    """(id, message) of the plugin's system-check messages."""
    return [(m.id, m.msg) for m in run_checks() if m.id.startswith("fee_training")]


def test_rates_are_exact_decimals_from_settings_or_the_environment(settings, monkeypatch):
    monkeypatch.setenv("FEE_TRAINING_LIVE_SESSION_PEOPLE_MINUTE_RATE", "0.0125")
    monkeypatch.setenv("FEE_TRAINING_LIVE_SESSIONS_ENABLED", "on")
    settings.FEE_TRAINING = {"LIVE_SESSION_TELECONFERENCE_MINUTE_RATE": 0.05}
    assert conf.setting("LIVE_SESSION_PEOPLE_MINUTE_RATE") == Decimal("0.0125")
    assert conf.setting("LIVE_SESSION_TELECONFERENCE_MINUTE_RATE") == Decimal("0.05")  # the float's shortest text
    assert conf.setting("LIVE_SESSIONS_ENABLED") is True
    assert conf.setting("LIVE_SESSION_CHARGE_DIFFERENCE") is False  # off unless the operator says so


def test_pay_per_use_is_off_by_default_and_a_good_configuration_passes_the_checks(settings):
    settings.FEE_TRAINING = {}
    assert conf.setting("LIVE_SESSIONS_ENABLED") is False
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True, "PAYMENTS_ENABLED": True, "STRIPE_SECRET_KEY": "sk_test_x",
                             "STRIPE_PUBLISHABLE_KEY": "pk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
                             "LIVE_SESSION_CURRENCY": "EUR", "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.0125"}
    assert messages() == []


def test_malformed_rates_keep_the_default_and_the_checks_say_what_to_fix(settings):
    settings.FEE_TRAINING = {"LIVE_SESSION_PEOPLE_MINUTE_RATE": "ten cents"}
    assert conf.setting("LIVE_SESSION_PEOPLE_MINUTE_RATE") == Decimal("0")
    assert any(i == "fee_training.E001" and "LIVE_SESSION_PEOPLE_MINUTE_RATE must be a decimal number" in msg
               for i, msg in messages())
    settings.FEE_TRAINING = {"LIVE_SESSION_TELECONFERENCE_MINUTE_RATE": "-1"}
    assert any("must be at least 0" in msg for _, msg in messages())
    settings.FEE_TRAINING = {"LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.0000001"}
    assert [i for i, msg in messages() if "at most 6 decimal places" in msg] == ["fee_training.E020"]
    settings.FEE_TRAINING = {"LIVE_SESSION_CURRENCY": "XYZ"}
    assert [i for i, msg in messages() if "XYZ" in msg] == ["fee_training.E020"]


def test_the_switch_without_card_payments_is_a_warning(settings):
    settings.FEE_TRAINING = {"LIVE_SESSIONS_ENABLED": True}
    assert [i for i, _ in messages()] == ["fee_training.W020"]
