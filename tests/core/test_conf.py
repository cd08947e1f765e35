"""The settings table (conf.py) and the system checks (checks.py) an operator meets at deploy time."""
import pytest
from django.core.checks import run_checks

from fee_training_xblock import conf


def check_ids(settings_dict):
    """The ids of the fee_training system-check messages for this FEE_TRAINING."""
    return sorted(m.id for m in run_checks() if m.id.startswith("fee_training"))


def test_every_setting_has_a_type_a_default_of_that_type_and_a_description():
    for item in conf.SETTINGS:
        assert isinstance(item.default, item.kind) and item.doc.endswith("."), item


def test_values_come_from_django_settings_over_the_environment_and_are_typed(settings, monkeypatch):
    monkeypatch.setenv("FEE_TRAINING_PROMO_MAX_WRONG", "9")
    monkeypatch.setenv("FEE_TRAINING_PAYMENTS_ENABLED", "yes")
    settings.FEE_TRAINING = {"PROMO_LOCKOUT": "120"}
    assert conf.setting("PROMO_MAX_WRONG") == 9 and conf.setting("PAYMENTS_ENABLED") is True
    assert conf.setting("PROMO_LOCKOUT") == 120
    settings.FEE_TRAINING = {"PROMO_MAX_WRONG": 3}
    assert conf.setting("PROMO_MAX_WRONG") == 3  # a settings change is seen at once


def test_configuration_is_built_once_per_settings_change(settings, monkeypatch):
    settings.FEE_TRAINING = {}
    first = conf.get_config()
    monkeypatch.setenv("FEE_TRAINING_PROMO_LOCKOUT", "7")
    assert conf.get_config() is first  # a render reads the cached dict, not the environment
    conf.reload()
    assert conf.setting("PROMO_LOCKOUT") == 7


def test_a_malformed_value_keeps_the_default_and_a_check_names_it(settings):
    settings.FEE_TRAINING = {"PROMO_MAX_WRONG": "five", "STRIPE_TIMEOUT_SECONDS": True, "PROMO_LOCKUOT": 60}
    assert conf.setting("PROMO_MAX_WRONG") == 5
    messages = [(m.id, m.msg) for m in run_checks() if m.id.startswith("fee_training")]
    assert any(i == "fee_training.E001" and "FEE_TRAINING['PROMO_MAX_WRONG']: PROMO_MAX_WRONG must be a whole number"
               in msg for i, msg in messages)
    assert any(i == "fee_training.E001" and "STRIPE_TIMEOUT_SECONDS must be a number" in msg for i, msg in messages)
    assert ("fee_training.W001", "FEE_TRAINING['PROMO_LOCKUOT'] is not a setting of fee_training_xblock.") in messages


def test_checks_name_what_payments_still_need(settings):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "STRIPE_PUBLISHABLE_KEY": "pk_test_x"}
    messages = [m for m in run_checks() if m.id == "fee_training.E003"]
    assert messages and "STRIPE_SECRET_KEY" in messages[0].msg and "STRIPE_WEBHOOK_SECRET" in messages[0].msg
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "STRIPE_SECRET_KEY": "pk_wrong", "STRIPE_PUBLISHABLE_KEY": "pk",
                             "STRIPE_WEBHOOK_SECRET": "whsec_x"}
    assert check_ids(settings.FEE_TRAINING) == ["fee_training.E004"]


def test_checks_refuse_an_unknown_time_zone_and_pass_a_good_configuration(settings):
    settings.FEE_TRAINING = {"BILLING_TIME_ZONE": "Mars/Olympus"}
    assert check_ids(settings.FEE_TRAINING) == ["fee_training.E002"]
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_PUBLISHABLE_KEY": "pk",
                             "STRIPE_WEBHOOK_SECRET": "whsec_x", "BILLING_TIME_ZONE": "Europe/Warsaw"}
    assert check_ids(settings.FEE_TRAINING) == []


@pytest.mark.parametrize("value", ["0", -5, "1.5"])
def test_integers_must_be_whole_and_at_least_their_minimum(value):
    with pytest.raises(ValueError, match="STRIPE_WEBHOOK_TOLERANCE_SECONDS"):
        conf.parse(conf.BY_KEY["STRIPE_WEBHOOK_TOLERANCE_SECONDS"], value)


def test_checks_name_what_paypal_still_needs_and_what_is_wrong(settings):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "PAYMENT_METHODS": "paypal"}
    [missing] = [m for m in run_checks() if m.id == "fee_training.E003"]
    assert all(name in missing.msg for name in ("PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID"))
    assert "STRIPE" not in missing.msg
    good = {"PAYMENTS_ENABLED": True, "PAYMENT_METHODS": "card,paypal", "STRIPE_SECRET_KEY": "sk_test_x",
            "STRIPE_PUBLISHABLE_KEY": "pk", "STRIPE_WEBHOOK_SECRET": "whsec_x", "PAYPAL_CLIENT_ID": "id",
            "PAYPAL_CLIENT_SECRET": "s3cret", "PAYPAL_WEBHOOK_ID": "8PT597110X687430LKGECATA"}
    for changes, expected in (({}, []), ({"PAYMENT_METHODS": "card,bitcoin"}, ["fee_training.E005"]),
                              ({"PAYMENT_METHODS": " , "}, ["fee_training.E005"]),
                              ({"PAYPAL_ENVIRONMENT": "production"}, ["fee_training.E006"]),
                              ({"PAYPAL_WEBHOOK_ID": "WH-1 2"}, ["fee_training.E007"]),
                              ({"PAYPAL_ENVIRONMENT": "live", "PAYPAL_API_BASE": "http://127.0.0.1:8430"},
                               ["fee_training.W003"])):
        settings.FEE_TRAINING = {**good, **changes}
        assert check_ids(settings.FEE_TRAINING) == expected, changes


def test_a_malformed_secret_is_named_but_never_echoed(settings):
    settings.FEE_TRAINING = {"PAYPAL_CLIENT_SECRET": 12345678}
    [message] = [m for m in run_checks() if m.id == "fee_training.E001"]
    assert "PAYPAL_CLIENT_SECRET" in message.msg and "12345678" not in message.msg


def test_the_ways_to_pay_follow_the_settings(settings):
    from fee_training_xblock import conf  # pylint: disable=import-outside-toplevel
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "PAYMENT_METHODS": "PayPal, card, paypal",
                             "PAYPAL_CLIENT_ID": "id", "PAYPAL_CLIENT_SECRET": "s"}
    assert conf.offered_methods() == ("paypal", "card")
    assert conf.configured_methods() == ("paypal",) and conf.payments_configured()
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": False, "PAYMENT_METHODS": "paypal", "PAYPAL_CLIENT_ID": "id",
                             "PAYPAL_CLIENT_SECRET": "s"}
    assert not conf.payments_configured()
