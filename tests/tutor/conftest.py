"""Scratch Tutor projects, rendered once per session (each `tutor` call costs about half a second)."""
import shutil
import sys

import pytest

from tests.tutor.support import PLUGIN_NAME, PLUGIN_SOURCE, TutorRoot, write_dist_info

# Tests also import the plugin's plain modules (config, filter steps, rendering helpers) directly.
# plugin.py is only ever imported by the tutor subprocesses: it registers hooks on import.
sys.path.insert(0, str(PLUGIN_SOURCE))

# Distinct values so a search finds each one; the webhook secret carries quotes and a
# backslash (escaping), the PayPal id is read by YAML as a number (coerced to text).
SECRETS = {
    "STRIPE_SECRET_KEY": "sk_test_tutorSecretKey4242",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_tutorPublishable4242",
    "STRIPE_WEBHOOK_SECRET": "whsec_q\"uo'te\\slash",
    "PAYPAL_CLIENT_ID": "4242424242",
    "PAYPAL_CLIENT_SECRET": "paypalTutorSecret-xyz",
    "PAYPAL_WEBHOOK_ID": "WH-TUTOR-0042",
}
SWITCHES = {
    "PAYMENTS_ENABLED": "true",
    "BILLING_TIME_ZONE": "Europe/Warsaw",
    "EXTRA_SETTINGS": '{"PROMO_HOLD_MINUTES": 45}',
    "PIP_SPEC": "git+https://git.example.org/fee_training_xblock.git@v0.1.0",
}


@pytest.fixture(scope="session")
def plugin_metadata(tmp_path_factory):
    """A folder holding the plugin's dist-info, put on PYTHONPATH of every tutor run."""
    return write_dist_info(tmp_path_factory.mktemp("plugin-metadata"))


@pytest.fixture(scope="session")
def full_root(tmp_path_factory, plugin_metadata):
    """Tutor with our plugin and the MFE plugin, every value set: the rendered files to inspect."""
    root = TutorRoot(tmp_path_factory.mktemp("tutor-full"), plugin_metadata)
    root.run("plugins", "enable", PLUGIN_NAME)
    root.save(**SWITCHES, **SECRETS)
    return root


@pytest.fixture(scope="session")
def base_root(tmp_path_factory, plugin_metadata):
    """Tutor with only our plugin enabled and no value set (MFE off, so patches show only ours)."""
    root = TutorRoot(tmp_path_factory.mktemp("tutor-base"), plugin_metadata)
    root.run("plugins", "enable", PLUGIN_NAME)
    root.run("plugins", "disable", "mfe")
    return root


@pytest.fixture(scope="session")
def plugin_only_root(tmp_path_factory, plugin_metadata, base_root):
    """Like full_root but without the MFE plugin, for executing our rendered patches alone."""
    root = fresh_copy(base_root, tmp_path_factory.mktemp("tutor-plugin-only"), plugin_metadata)
    root.save(**SWITCHES, **SECRETS)
    return root


@pytest.fixture
def fresh_root(tmp_path, plugin_metadata, base_root):
    """A new project with our plugin enabled and nothing set, for one test's own values."""
    return fresh_copy(base_root, tmp_path, plugin_metadata)


def fresh_copy(source, folder, plugin_metadata):
    """A TutorRoot in `folder` starting from `source`'s config.yml (cheaper than enabling again)."""
    shutil.copy(source.root / "config.yml", folder / "config.yml")
    return TutorRoot(folder, plugin_metadata)
