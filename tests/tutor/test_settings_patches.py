"""The FEE_TRAINING patches update the dict the plugin's settings hook made; they never replace it."""
import pytest

from tests.tutor.conftest import SECRETS

EARLIER = {"STRIPE_API_BASE": "http://stripe.test", "PAYMENTS_ENABLED": False, "PROMO_HOLD_MINUTES": 30}


@pytest.fixture(scope="module")
def settings_code(plugin_only_root):
    """The rendered common (LMS and Studio) and LMS-production patches, compiled."""
    return {
        name: compile(plugin_only_root.patch(name), name, "exec")
        for name in ("openedx-common-settings", "openedx-lms-production-settings")
    }


def run_settings(code, *names, namespace=None):
    """Execute the named patches in order in `namespace` (a settings module's globals)."""
    namespace = {} if namespace is None else namespace
    for name in names:
        exec(code[name], namespace)  # pylint: disable=exec-used
    return namespace


def test_lms_keeps_earlier_keys_and_gets_every_value(settings_code):
    earlier = dict(EARLIER)
    result = run_settings(settings_code, "openedx-common-settings", "openedx-lms-production-settings",
                          namespace={"FEE_TRAINING": earlier})["FEE_TRAINING"]
    assert result == {
        "STRIPE_API_BASE": "http://stripe.test", "PAYMENTS_ENABLED": True, "PROMO_HOLD_MINUTES": 45,
        "DEMO_MODE": False, "BILLING_TIME_ZONE": "Europe/Warsaw", **SECRETS,
    }
    assert earlier == EARLIER  # the earlier object is copied, not changed under anyone holding it


def test_studio_gets_no_secret(settings_code):
    result = run_settings(settings_code, "openedx-common-settings", namespace={"FEE_TRAINING": dict(EARLIER)})
    assert not set(SECRETS) & set(result["FEE_TRAINING"])


def test_patches_work_without_an_earlier_dict(settings_code):
    result = run_settings(settings_code, "openedx-common-settings", "openedx-lms-production-settings")
    assert result["FEE_TRAINING"]["STRIPE_SECRET_KEY"] == SECRETS["STRIPE_SECRET_KEY"]


def test_unset_secrets_are_not_written(fresh_root):
    # An empty value would override FEE_TRAINING_STRIPE_* environment variables the plugin also reads.
    fresh_root.save(STRIPE_SECRET_KEY="sk_test_only_this")
    namespace = {}
    exec(fresh_root.patch("openedx-lms-production-settings"), namespace)  # pylint: disable=exec-used
    assert namespace["FEE_TRAINING"] == {"STRIPE_SECRET_KEY": "sk_test_only_this"}
