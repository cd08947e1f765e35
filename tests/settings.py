"""Django settings for the test suite: the XBlock SDK workbench plus fee_training_xblock.

The database is MariaDB by default: tests/plugin_mariadb.py starts a throwaway server
and exports FEE_TRAINING_TEST_DB_HOST/PORT/USER/PASSWORD before this module is
imported. Set those variables yourself (and FEE_TRAINING_TEST_DB_NAME if you like)
to use a server that is already running, or set FEE_TRAINING_TEST_DB=sqlite for a
fast run on SQLite.
"""
import os
import sys
import tempfile

from workbench.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from workbench.settings import WORKBENCH

from fee_training_xblock.settings.common import plugin_settings

SECRET_KEY = "fee-training-tests-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
TIME_ZONE = "UTC"
USE_TZ = True
ROOT_URLCONF = "demo.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LMS_ROOT_URL = "http://testserver"  # as in the LMS: absolute links in emails (webinar invitations)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "djpyfs",
    "workbench",
    "fee_training_xblock.apps.FeeTrainingConfig",
]

# The SDK's sample blocks stay importable but are hidden from the workbench index.
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs",
    "helloworld_demo", "html_demo", "problem_demo", "sidebar_demo", "slider_demo",
    "textinput_demo", "thumbs", "view_counter_demo", "sequence_demo", "vertical_demo", "debugchild",
}

# As in the demo: `?student=staff...` is course staff (LMS-style user service).
WORKBENCH = dict(WORKBENCH)
WORKBENCH["services"] = dict(WORKBENCH.get("services", {}), user="demo.user_service.DemoUserService")

# The workbench logs to var/workbench.log and stores files under a relative path: keep
# logging on the console (pytest captures it) and files in a temporary folder.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
DJFS = {
    "type": "osfs",
    "directory_root": os.path.join(tempfile.gettempdir(), "fee-training-tests-djpyfs"),
    "url_root": "/static/djpyfs",
}


def _database():
    """The `default` database: SQLite when asked for, else MariaDB/MySQL from the environment."""
    env = os.environ.get
    if env("FEE_TRAINING_TEST_DB", "").lower() == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    if not env("FEE_TRAINING_TEST_DB_HOST"):
        raise RuntimeError(
            "No test database: run the tests through pytest (tests/plugin_mariadb.py starts "
            "MariaDB), set FEE_TRAINING_TEST_DB_HOST/PORT/USER/PASSWORD for an existing "
            "server, or FEE_TRAINING_TEST_DB=sqlite."
        )
    if env("FEE_TRAINING_TEST_DB_DRIVER", "pymysql") != "mysqlclient":  # the benchmarks may ask for the LMS's driver
        import pymysql  # pylint: disable=import-outside-toplevel

        # PyMySQL >= 1.1 reports mysqlclient version 2.2.x, which Django 5.2 accepts.
        pymysql.install_as_MySQLdb()
    name = env("FEE_TRAINING_TEST_DB_NAME", "fee_training")
    return {
        "ENGINE": "django.db.backends.mysql",
        "NAME": name,
        "HOST": env("FEE_TRAINING_TEST_DB_HOST"),
        "PORT": env("FEE_TRAINING_TEST_DB_PORT", "3306"),
        "USER": env("FEE_TRAINING_TEST_DB_USER", "root"),
        "PASSWORD": env("FEE_TRAINING_TEST_DB_PASSWORD", ""),
        "OPTIONS": {"charset": "utf8mb4"},
        "TEST": {"NAME": f"test_{name}", "CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
    }


DATABASES = {"default": _database()}

# Deterministic plugin configuration (not read from the developer's environment); tests
# switch payments on with pytest-django's `settings` fixture. Then, as the Open edX plugin
# framework does, let the plugin fill in its other defaults.
FEE_TRAINING = {"PAYMENTS_ENABLED": False}
plugin_settings(sys.modules[__name__])
