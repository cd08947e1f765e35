"""Reading the plugin's operator configuration (Django settings, then environment)."""
from django.conf import settings

from fee_training_xblock.settings.common import defaults_from_environment


def get_config():
    """The effective FEE_TRAINING dict: built-in/env defaults overlaid with Django settings."""
    config = defaults_from_environment()
    config.update(getattr(settings, "FEE_TRAINING", {}) or {})
    return config


def setting(name, default=None):
    """One FEE_TRAINING value."""
    return get_config().get(name, default)


def payments_configured():
    """True when the site switch is on and both Stripe keys are set (card payments can work)."""
    return bool(setting("PAYMENTS_ENABLED") and setting("STRIPE_SECRET_KEY") and setting("STRIPE_PUBLISHABLE_KEY"))


def missing_payment_settings():
    """Names of the FEE_TRAINING settings an operator still has to set for card payments."""
    missing = [name for name in ("PAYMENTS_ENABLED", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY") if not setting(name)]
    if not setting("STRIPE_WEBHOOK_SECRET"):
        missing.append("STRIPE_WEBHOOK_SECRET")
    return missing
