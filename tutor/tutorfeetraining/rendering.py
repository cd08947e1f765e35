"""Jinja helpers that turn Tutor config values into safe Python and shell text in the patches.

Config values come from ``tutor config save --set``: a quote or a backslash in a key must
not break (or inject code into) a settings file, so values are written as Python literals
with ``repr`` and read back before they are used. Error messages name the config key but
never echo a value: the value may be a secret and Tutor prints errors to the terminal.
"""
import ast
import pprint
import shlex

import jinja2
from tutor.exceptions import TutorError

from .config import PREFIX, PUBLIC_SETTINGS, SECRET_SETTINGS

# How an operator would name the YAML value a setting needs.
TYPE_WORDS = {bool: "true or false", str: "text", int: "a whole number"}


def python_literal(value, name="value"):
    """`value` as Python source that evaluates back to an equal plain value."""
    text = pprint.pformat(value, sort_dicts=False)
    try:
        same = ast.literal_eval(text) == value
    except (ValueError, SyntaxError):
        same = False
    if not same:
        raise TutorError(f"{name} must be a plain YAML value (text, number, true/false, list or mapping).")
    return text


def shell_quote(value):
    """`value` as one shell word, for RUN lines of the Dockerfile."""
    return shlex.quote(str(value))


def public_settings(config):
    """FEE_TRAINING keys safe for every settings file: the switches plus FEE_TRAINING_EXTRA_SETTINGS."""
    extra = config.get(PREFIX + "EXTRA_SETTINGS") or {}
    if not isinstance(extra, dict):
        raise TutorError(f"{PREFIX}EXTRA_SETTINGS must be a mapping of FEE_TRAINING keys to values.")
    for key in extra:
        if str(key).upper() in SECRET_SETTINGS:
            # A secret here would be written into Studio's settings too.
            raise TutorError(f"Set {key} with {PREFIX}{str(key).upper()}, not in {PREFIX}EXTRA_SETTINGS.")
    settings = dict(extra)
    for name, default in PUBLIC_SETTINGS.items():
        value = config.get(PREFIX + name, default)
        # A string "false" would be truthy in Python: only the default's own type is accepted.
        if type(value) is not type(default):
            raise TutorError(f"{PREFIX}{name} must be {TYPE_WORDS[type(default)]}.")
        settings[name] = value
    return settings


def secret_settings(config):
    """FEE_TRAINING secrets that are set, as text (YAML may have read a numeric id as a number)."""
    settings = {}
    for name in SECRET_SETTINGS:
        value = config.get(PREFIX + name)
        if value not in (None, ""):
            settings[name] = str(value)
    live_key = settings.get("STRIPE_SECRET_KEY", "").startswith(("sk_live_", "rk_live_"))
    if live_key and config.get(PREFIX + "DEMO_MODE"):
        # Demo mode shows test card numbers, which a live account declines.
        raise TutorError(f"{PREFIX}DEMO_MODE must stay off with a live Stripe key.")
    return settings


@jinja2.pass_context
def fee_training_settings(context, audience):
    """The FEE_TRAINING update for `audience` ("public" or "secret") as a Python dict literal."""
    config = context.get_all()
    chosen = public_settings(config) if audience == "public" else secret_settings(config)
    # The literal check names the group only: the offending value may be a secret.
    return python_literal(chosen, name=f"Each {PREFIX}* {audience} value")
