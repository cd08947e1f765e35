"""Default settings of the plugin; operators override them in FEE_TRAINING or the environment."""
import os


def env_flag(name, default=False):
    """True when the environment variable `name` holds a yes-like value."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def defaults_from_environment():
    """The FEE_TRAINING defaults, each overridable by an environment variable of the same name."""
    return {
        # Site-level switch: paid access only works once an administrator turns it on.
        "PAYMENTS_ENABLED": env_flag("FEE_TRAINING_PAYMENTS_ENABLED"),
        # Stripe: keys live here (Django settings / environment), never in XBlock fields.
        "STRIPE_SECRET_KEY": os.environ.get("FEE_TRAINING_STRIPE_SECRET_KEY", ""),
        "STRIPE_PUBLISHABLE_KEY": os.environ.get("FEE_TRAINING_STRIPE_PUBLISHABLE_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": os.environ.get("FEE_TRAINING_STRIPE_WEBHOOK_SECRET", ""),
        # Empty means api.stripe.com; a URL points the plugin at a Stripe-compatible server (localstripe).
        "STRIPE_API_BASE": os.environ.get("FEE_TRAINING_STRIPE_API_BASE", ""),
        "STRIPE_JS_URL": os.environ.get("FEE_TRAINING_STRIPE_JS_URL", "https://js.stripe.com/v3/"),
        "STRIPE_TIMEOUT_SECONDS": float(os.environ.get("FEE_TRAINING_STRIPE_TIMEOUT_SECONDS", "10")),
        "STRIPE_MAX_RETRIES": int(os.environ.get("FEE_TRAINING_STRIPE_MAX_RETRIES", "2")),
        # Webhook events signed longer ago than this are refused (replay protection).
        "STRIPE_WEBHOOK_TOLERANCE_SECONDS": int(os.environ.get("FEE_TRAINING_STRIPE_WEBHOOK_TOLERANCE_SECONDS", "300")),
        # Demo mode shows the Stripe test card numbers next to the card form.
        "DEMO_MODE": env_flag("FEE_TRAINING_DEMO_MODE"),
        # Month boundaries of subscription invoices (an IANA zone name).
        "BILLING_TIME_ZONE": os.environ.get("FEE_TRAINING_BILLING_TIME_ZONE", "UTC"),
    }


def plugin_settings(settings):
    """Fill in FEE_TRAINING defaults without clobbering what the operator already set."""
    configured = dict(getattr(settings, "FEE_TRAINING", {}) or {})
    for key, value in defaults_from_environment().items():
        configured.setdefault(key, value)
    settings.FEE_TRAINING = configured
