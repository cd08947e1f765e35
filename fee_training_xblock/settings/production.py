"""Production settings hook: the same defaults; Tutor/env values arrive through FEE_TRAINING."""
from fee_training_xblock.settings.common import plugin_settings as common_plugin_settings


def plugin_settings(settings):
    """Apply the common defaults (environment variables win over built-in defaults)."""
    common_plugin_settings(settings)
