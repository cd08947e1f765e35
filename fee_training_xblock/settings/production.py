"""Production settings hook: the common defaults, and in the LMS the wiring of the paid-content gate.

The plugin framework runs this hook for both the LMS and Studio (apps.py); the
gate (field override, middleware, render filter, search processor) is LMS-only.
"""
from fee_training_xblock.settings.common import plugin_settings as common_plugin_settings
from fee_training_xblock.settings.lms import is_lms, wire_lms


def plugin_settings(settings):
    """Apply the common defaults; in the LMS, also wire the gate (see settings/lms.py)."""
    common_plugin_settings(settings)
    if is_lms(settings):
        wire_lms(settings)
