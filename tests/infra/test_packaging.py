"""pip installs what an Open edX operator needs: entry points, plugin config and package data."""
import pathlib
import subprocess
import sys
import zipfile
from importlib.metadata import entry_points

from fee_training_xblock.apps import FeeTrainingConfig


def test_entry_points_register_block_and_django_app():
    assert entry_points(group="xblock.v1")["fee_training"].value == "fee_training_xblock.block:FeeTrainingXBlock"
    for group in ("lms.djangoapp", "cms.djangoapp"):
        assert entry_points(group=group)["fee_training_xblock"].value == "fee_training_xblock.apps:FeeTrainingConfig"


def test_plugin_app_settings_and_urls():
    config = FeeTrainingConfig.plugin_app
    assert config["url_config"]["lms.djangoapp"]["relative_path"] == "urls"
    assert config["settings_config"]["lms.djangoapp"]["common"]["relative_path"] == "settings.common"


def test_plugin_settings_respect_operator_values():
    from fee_training_xblock.settings.common import plugin_settings  # pylint: disable=import-outside-toplevel

    class Settings:  # pylint: disable=too-few-public-methods
        FEE_TRAINING = {"PAYMENTS_ENABLED": True}
    plugin_settings(Settings)
    assert Settings.FEE_TRAINING["PAYMENTS_ENABLED"] is True


def test_wheel_ships_templates_static_migrations_and_translations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "fee_training_xblock/templates/fee_training.html",
        "fee_training_xblock/static/js/fee_training.js",
        "fee_training_xblock/static/css/fee_training.css",
        "fee_training_xblock/static/js/paypal.js",
        "fee_training_xblock/templates/paypal_step.html",
        "fee_training_xblock/migrations/0001_squashed_0004_subscription_billing.py",
        "fee_training_xblock/migrations/0005_paypal.py",
        "fee_training_xblock/templates/live_sessions/host.html",
        "fee_training_xblock/static/js/live_session.js",
        "fee_training_xblock/static/js/live_session_host.js",
        "fee_training_xblock/templates/staff_figures.html",
        "fee_training_xblock/templates/billing_figures.html",
        "fee_training_xblock/migrations/0008_issuing_index.py",
        "fee_training_xblock/templates/webinars/invitation_body.txt",
        "fee_training_xblock/static/js/webinar.js",
        "fee_training_xblock/static/js/webinar_staff.js",
        # Translations: the source catalogue (OEP-58 tools read it), the compiled ones Django reads (LOCALE_PATHS),
        # the name the LMS's XBlockI18nService looks for, and the JavaScript catalogues served to the block.
        "fee_training_xblock/conf/locale/en/LC_MESSAGES/django.po",
        *(f"fee_training_xblock/{path}" for language in ("pl", "uk") for path in (
            f"conf/locale/{language}/LC_MESSAGES/django.mo", f"conf/locale/{language}/LC_MESSAGES/djangojs.mo",
            f"translations/{language}/LC_MESSAGES/text.mo", f"static/js/translations/{language}.js")),
    ):
        assert expected in names
    # Only modules that exist in the source: a stale build/ folder must not ship deleted modules.
    root = pathlib.Path(__file__).resolve().parents[2]
    stale = [name for name in names if name.endswith(".py") and not (root / name).exists()]
    assert stale == []


def test_tracking_outside_the_lms_is_logged_not_lost(caplog):
    from fee_training_xblock import compat  # pylint: disable=import-outside-toplevel
    caplog.set_level("INFO", logger="fee_training_xblock.compat")
    assert compat.publish_from_webhook("payment.succeeded", {"user_key": "7"}) is False
    assert "fee_training.payment.succeeded" in caplog.text


def test_wheel_and_sdist_build_and_pass_twine_check(tmp_path):
    """What a release uploads: `python -m build` makes both, and PyPI's own checker accepts their metadata."""
    root = pathlib.Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(tmp_path), str(root)],
                   check=True, capture_output=True)
    built = sorted(path.name.rsplit("-", 1)[0].split("-")[0] + path.suffix for path in tmp_path.iterdir())
    assert built == ["fee_training_xblock.gz", "fee_training_xblock.whl"]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, tmp_path.iterdir())],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    sdist = next(tmp_path.glob("*.tar.gz"))
    import tarfile  # pylint: disable=import-outside-toplevel
    names = tarfile.open(sdist).getnames()
    assert any(name.endswith("requirements/base.in") for name in names)  # setup.py reads it when pip builds
    assert any(name.endswith("fee_training_xblock/templates/fee_training.html") for name in names)
