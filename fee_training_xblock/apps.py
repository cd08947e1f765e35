"""Django app config, registered as an Open edX plugin for the LMS and Studio."""
from django.apps import AppConfig


class FeeTrainingConfig(AppConfig):
    """The fee_training_xblock Django app: ledger models, admin, webhook and report URLs."""

    name = "fee_training_xblock"
    verbose_name = "Paid access (fee training)"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "fee_training",
                "regex": r"^fee_training/",
                "relative_path": "urls",
            },
        },
        "settings_config": {
            "lms.djangoapp": {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
            },
            "cms.djangoapp": {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
            },
        },
    }
