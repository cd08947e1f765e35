"""Values operators type into `tutor config save --set` are checked before they reach a settings file."""
import pytest

from tests.tutor.settings_files import fee_training_updates


def failed_save(root, **values):
    """Output of a `config save` that must fail."""
    values = {f"FEE_TRAINING_{name}": value for name, value in values.items()}
    done = root.run("config", "save", *[x for kv in values.items() for x in ("--set", "=".join(kv))], check=False)
    assert done.returncode != 0
    return done.stdout + done.stderr


def test_a_switch_given_as_text_is_refused(fresh_root):
    # "false" as text would be truthy in Python and switch payments on.
    assert "FEE_TRAINING_PAYMENTS_ENABLED must be true or false" in failed_save(fresh_root, PAYMENTS_ENABLED="'false'")


def test_a_secret_in_extra_settings_is_refused_without_echoing_it(fresh_root):
    output = failed_save(fresh_root, EXTRA_SETTINGS='{"STRIPE_SECRET_KEY": "sk_test_leaky"}')
    assert "FEE_TRAINING_STRIPE_SECRET_KEY" in output
    assert "sk_test_leaky" not in output


def test_demo_mode_is_refused_with_a_live_key(fresh_root):
    # Only the prefix matters to the check; the value is assembled here so that no committed
    # string looks like a live Stripe key to a reader or a secret scanner.
    live_looking = "_".join(("sk", "live", "placeholder"))
    output = failed_save(fresh_root, DEMO_MODE="true", STRIPE_SECRET_KEY=live_looking)
    assert "DEMO_MODE must stay off" in output
    assert live_looking not in output


def test_demo_mode_works_with_test_keys(fresh_root):
    fresh_root.save(DEMO_MODE="true", STRIPE_SECRET_KEY="sk_test_fine")
    assert fee_training_updates(fresh_root.patch("openedx-common-settings"))["DEMO_MODE"] is True


def test_a_time_zone_must_be_text(fresh_root):
    assert "FEE_TRAINING_BILLING_TIME_ZONE must be text" in failed_save(fresh_root, BILLING_TIME_ZONE="1")


@pytest.mark.parametrize("extra", ["[1, 2]", "just text"])
def test_extra_settings_must_be_a_mapping(fresh_root, extra):
    assert "must be a mapping" in failed_save(fresh_root, EXTRA_SETTINGS=extra)
