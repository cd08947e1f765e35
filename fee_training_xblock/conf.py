"""Reading the plugin's operator configuration (Django settings, then environment)."""
from django.conf import settings

from .settings.common import defaults_from_environment


def get_config():
    """The effective FEE_TRAINING dict: built-in/env defaults overlaid with Django settings."""
    config = defaults_from_environment()
    config.update(getattr(settings, "FEE_TRAINING", {}) or {})
    return config


def setting(name, default=None):
    """One FEE_TRAINING value."""
    return get_config().get(name, default)
