"""`tutor config save` renders LMS and Studio settings that parse and carry the operator's values."""
from tests.tutor.conftest import SECRETS
from tests.tutor.settings_files import (
    CMS_PRODUCTION,
    LMS_PRODUCTION,
    SETTINGS_FILES,
    assigned_names,
    fee_training_updates,
)

PUBLIC = {"PAYMENTS_ENABLED": True, "DEMO_MODE": False, "BILLING_TIME_ZONE": "Europe/Warsaw", "PROMO_HOLD_MINUTES": 45}


def test_every_rendered_settings_file_compiles(full_root):
    for parts in SETTINGS_FILES:
        compile(full_root.env_file(*parts), "/".join(parts), "exec")


def test_lms_production_gets_switches_and_secrets(full_root):
    assert fee_training_updates(full_root.env_file(*LMS_PRODUCTION)) == {**PUBLIC, **SECRETS}


def test_studio_gets_the_switches_only(full_root):
    assert fee_training_updates(full_root.env_file(*CMS_PRODUCTION)) == PUBLIC


def test_secrets_are_text_even_when_yaml_reads_a_number(full_root):
    updates = fee_training_updates(full_root.env_file(*LMS_PRODUCTION))
    assert updates["PAYPAL_CLIENT_ID"] == "4242424242"
    assert updates["STRIPE_WEBHOOK_SECRET"] == "whsec_q\"uo'te\\slash"


def test_filters_are_merged_in_the_lms_only(full_root):
    assert "OPEN_EDX_FILTERS_CONFIG" in assigned_names(full_root.env_file(*LMS_PRODUCTION))
    assert "OPEN_EDX_FILTERS_CONFIG" not in assigned_names(full_root.env_file(*CMS_PRODUCTION))
    # The merge helper is deleted again: nothing of ours but the settings stays in the module.
    assert "_fee_training_merge_filters" not in assigned_names(full_root.env_file(*LMS_PRODUCTION))


def test_development_settings_get_switches_but_no_secrets(full_root):
    lms_dev = full_root.env_file("apps", "openedx", "settings", "lms", "development.py")
    assert fee_training_updates(lms_dev) == PUBLIC
