"""Every model of the plugin says what personal data it keeps and how it is retired (OEP-30).

Runs code-annotations' own checker, as Open edX repositories do, against the test settings.
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_model_is_annotated_with_valid_values():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.settings", FEE_TRAINING_TEST_DB="sqlite",
               PYTHONPATH=str(ROOT))
    checker = pathlib.Path(sys.executable).with_name("code_annotations")
    result = subprocess.run(
        [str(checker), "django_find_annotations", "--config_file", ".pii_annotations.yml", "--lint", "--no_report",
         "--coverage", "--app_name", "fee_training_xblock"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Coverage is 100.0%" in result.stdout and "Linting passed without errors" in result.stdout
