"""Settings hook for every environment (the Open edX plugin framework calls `plugin_settings`).

Operator values stay where the operator put them (FEE_TRAINING in Django settings, or
FEE_TRAINING_* environment variables); conf.py reads and types them, checks.py reports
what is missing or malformed. Django also learns where the plugin's translations are.
"""
import os

#: The package's catalogues (fee_training_xblock/conf/locale), for Django's translation machinery.
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "conf", "locale")


def add_locale_path(settings):
    """Let Django find the plugin's catalogues (admin, emails, commands), after the host's own.

    Last in LOCALE_PATHS: where the LMS's catalogue (or an atlas pull) translates the
    same English text, the LMS's wording wins; a tuple stays a tuple (the LMS uses one).
    """
    current = getattr(settings, "LOCALE_PATHS", None) or []
    paths = [str(path) for path in current]
    if LOCALE_DIR not in paths:
        extended = [*current, LOCALE_DIR]
        settings.LOCALE_PATHS = tuple(extended) if isinstance(current, tuple) else extended


def plugin_settings(settings):
    """Make sure FEE_TRAINING exists as a dict of its own (keeping what the operator set); add our catalogues."""
    settings.FEE_TRAINING = dict(getattr(settings, "FEE_TRAINING", None) or {})
    add_locale_path(settings)
