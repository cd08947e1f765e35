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
    }


def plugin_settings(settings):
    """Fill in FEE_TRAINING defaults without clobbering what the operator already set."""
    configured = dict(getattr(settings, "FEE_TRAINING", {}) or {})
    for key, value in defaults_from_environment().items():
        configured.setdefault(key, value)
    settings.FEE_TRAINING = configured
