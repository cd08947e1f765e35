"""Django app config, registered as an Open edX plugin for the LMS and Studio."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeeTrainingConfig(AppConfig):
    """The fee_training_xblock Django app: ledger models, admin, webhook and report URLs."""

    name = "fee_training_xblock"
    verbose_name = _("Paid access (fee training)")
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

    def ready(self):
        """Register what each capability sells, the discount provider, and the system checks."""
        # pylint: disable=import-outside-toplevel,unused-import
        from fee_training_xblock import checks  # noqa: F401  (registers the system checks)
        from fee_training_xblock.block import gates  # noqa: F401  (registers the access gates)
        from fee_training_xblock.block import products as block_products
        from fee_training_xblock.live_sessions import reimbursement as live_session_reports
        from fee_training_xblock.live_sessions import sales as live_session_sales
        from fee_training_xblock.lms import receivers  # grades and caches follow access changes; retirement
        from fee_training_xblock.payments import statements as payment_statements
        from fee_training_xblock.promos import provider as promo_codes
        from fee_training_xblock.subscriptions import sales as subscription_sales
        from fee_training_xblock.webinars import seats as webinar_seats

        for register in (block_products.register, subscription_sales.register, promo_codes.register,
                         live_session_sales.register, webinar_seats.register):
            register()
        live_session_reports.use_payment_ledger(payment_statements.payments_of)
        # Each capability forgets a retired user's personal data (receivers of core.signals.user_retired).
        from fee_training_xblock.live_sessions import retirement as live_session_retirement  # noqa: F401
        from fee_training_xblock.payments import retirement as payment_retirement  # noqa: F401
        from fee_training_xblock.webinars import retirement as webinar_retirement  # noqa: F401
        receivers.connect_retirement()
