"""Django settings for the demo: the SDK workbench plus fee_training_xblock.

Operator configuration (FEE_TRAINING) is read from the environment by the
plugin's own settings hook, as in the LMS. The database is SQLite (var/workbench.db,
or WORKBENCH_DATABASES as JSON); it runs in IMMEDIATE transaction mode with a busy
timeout, so two tabs paying at once queue for the write lock the way they queue for
row locks on MariaDB in production, instead of failing with "database is locked".
"""
import os
import sys

import django
from workbench.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from workbench.settings import DATABASES, INSTALLED_APPS, WORKBENCH

from fee_training_xblock.settings.common import plugin_settings

INSTALLED_APPS = list(INSTALLED_APPS) + ["fee_training_xblock.apps.FeeTrainingConfig"]
ROOT_URLCONF = "demo.urls"
TIME_ZONE = "UTC"
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo",
    "html_demo", "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs",
    "view_counter_demo", "sequence_demo", "vertical_demo", "debugchild",
}
WORKBENCH = dict(WORKBENCH)
WORKBENCH["services"] = dict(WORKBENCH.get("services", {}), user="demo.user_service.DemoUserService")
EMAIL_BACKEND = os.environ.get("DEMO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = "payments@example.com"
# Personal webinar links in invitations are absolute, as LMS_ROOT_URL makes them in the LMS.
LMS_ROOT_URL = os.environ.get("DEMO_URL", "http://127.0.0.1:8000")

# SQLite takes its write lock at BEGIN (IMMEDIATE) and waits up to 30 s for it: a transaction
# that charges a card with the checkout row locked (select_for_update is a no-op on SQLite)
# then holds the database, and the other tab waits and sees the result, as on MariaDB.
for _database in DATABASES.values():
    if _database.get("ENGINE") == "django.db.backends.sqlite3" and django.VERSION >= (5, 1):
        _database["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30, **_database.get("OPTIONS", {})}

# As the Open edX plugin framework does: let the plugin fill in its settings.
plugin_settings(sys.modules[__name__])
