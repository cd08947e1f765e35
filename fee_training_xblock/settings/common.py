"""Settings hook for every environment (the Open edX plugin framework calls `plugin_settings`).

Operator values stay where the operator put them (FEE_TRAINING in Django settings, or
FEE_TRAINING_* environment variables); conf.py reads and types them, checks.py reports
what is missing or malformed.
"""


def plugin_settings(settings):
    """Make sure FEE_TRAINING exists as a dict of its own, without touching what the operator set."""
    settings.FEE_TRAINING = dict(getattr(settings, "FEE_TRAINING", None) or {})
