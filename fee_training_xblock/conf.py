"""Every operator setting of the plugin in one table, and the one place that reads them.

An operator sets values in Django settings (`FEE_TRAINING = {"KEY": value}`, e.g. through
Tutor) or in the environment (`FEE_TRAINING_KEY`); Django settings win. The effective
configuration is built once and rebuilt only when Django announces a settings change
(`setting_changed`, sent by tests' settings overrides), so a page render reads a dict.
Malformed values fall back to the default here and are reported by the system checks
(checks.py) at deploy time.
"""
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

ENV_PREFIX = "FEE_TRAINING_"


@dataclass(frozen=True)
class Setting:
    """One operator setting: its key, Python type, default and what it is for."""

    key: str
    kind: type
    default: object
    doc: str
    secret: bool = False
    minimum: float = None


SETTINGS = (
    Setting("PAYMENTS_ENABLED", bool, False, "Site switch: learners can pay only once an administrator turns it on."),
    Setting("STRIPE_SECRET_KEY", str, "", "Stripe secret key (sk_live_... or sk_test_...).", secret=True),
    Setting("STRIPE_PUBLISHABLE_KEY", str, "", "Stripe publishable key (pk_...), handed to Stripe.js."),
    Setting("STRIPE_WEBHOOK_SECRET", str, "", "Signing secret of the Stripe webhook endpoint (whsec_...).",
            secret=True),
    Setting("STRIPE_API_BASE", str, "", "Empty for Stripe itself; a URL for a Stripe-compatible server (localstripe)."),
    Setting("STRIPE_JS_URL", str, "https://js.stripe.com/v3/", "Where the browser loads Stripe.js from."),
    Setting("STRIPE_TIMEOUT_SECONDS", float, 10.0, "Timeout of each call to Stripe.", minimum=1),
    Setting("STRIPE_MAX_RETRIES", int, 2, "Retries of a failed call to Stripe (idempotency keys make them safe).",
            minimum=0),
    Setting("STRIPE_WEBHOOK_TOLERANCE_SECONDS", int, 300,
            "Webhook events signed longer ago than this are refused (replay protection).", minimum=1),
    Setting("DEMO_MODE", bool, False, "Show Stripe's test card numbers next to the card form (demo sites only)."),
    Setting("BILLING_TIME_ZONE", str, "UTC", "IANA time zone of the month boundaries of subscription invoices."),
    Setting("PROMO_HOLD_MINUTES", int, 30, "How long a started payment keeps its promo-code use reserved.",
            minimum=1),
    Setting("PROMO_MAX_WRONG", int, 5, "Wrong promo codes a learner may type within PROMO_WRONG_WINDOW.",
            minimum=1),
    Setting("PROMO_WRONG_WINDOW", int, 15 * 60, "Seconds over which wrong promo codes are counted.", minimum=1),
    Setting("PROMO_LOCKOUT", int, 15 * 60, "Seconds a learner waits after too many wrong promo codes.", minimum=1),
    Setting("PROMO_MAX_WRONG_PER_ADDRESS", int, 20,
            "Wrong promo codes one client address may send within PROMO_WRONG_WINDOW (all accounts together).",
            minimum=1),
    Setting("PAYMENT_MAX_FAILURES", int, 5,
            "Failed card payments (declines, unusable cards, failed 3-D Secure) a learner may have within "
            "PAYMENT_FAILURE_WINDOW before a lockout.", minimum=1),
    Setting("PAYMENT_MAX_FAILURES_PER_ADDRESS", int, 15,
            "Failed card payments one client address may have within PAYMENT_FAILURE_WINDOW (all accounts together).",
            minimum=1),
    Setting("PAYMENT_FAILURE_WINDOW", int, 60 * 60, "Seconds over which failed card payments are counted.",
            minimum=1),
    Setting("PAYMENT_LOCKOUT", int, 60 * 60, "Seconds a learner or address waits after too many failed payments.",
            minimum=1),
    Setting("PROMO_ORG_CODES_BY_COURSE_STAFF", bool, False,
            "Let course staff (not only platform staff) create organization-wide promo codes."),
)
BY_KEY = {item.key: item for item in SETTINGS}

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")
_cache = {}


def parse(item, value):
    """`value` converted to the setting's type; ValueError (saying what is expected) when it cannot be."""
    if item.kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(f"{item.key} must be true or false (got {value!r}).")
    if item.kind in (int, float):
        if isinstance(value, bool):
            raise ValueError(f"{item.key} must be a number (got {value!r}).")
        try:
            number = item.kind(str(value).strip()) if isinstance(value, str) else item.kind(value)
        except (TypeError, ValueError):
            raise ValueError(f"{item.key} must be a {'whole ' if item.kind is int else ''}number "  # noqa: B904
                             f"(got {value!r}).")
        if item.minimum is not None and number < item.minimum:
            raise ValueError(f"{item.key} must be at least {item.minimum:g} (got {number!r}).")
        return number
    if value is None or not isinstance(value, str):
        raise ValueError(f"{item.key} must be text (got {value!r}).")
    return value.strip()


def raw_values():
    """{key: (value as given, where it came from)} for every setting the operator set."""
    found = {}
    for item in SETTINGS:
        env_value = os.environ.get(ENV_PREFIX + item.key)
        if env_value is not None:
            found[item.key] = (env_value, "environment variable " + ENV_PREFIX + item.key)
    for key, value in (getattr(settings, "FEE_TRAINING", None) or {}).items():
        found[key] = (value, f"FEE_TRAINING['{key}']")
    return found


def _build():
    config = {item.key: item.default for item in SETTINGS}
    for key, (value, _source) in raw_values().items():
        item = BY_KEY.get(key)
        if item is None:
            continue
        try:
            config[key] = parse(item, value)
        except ValueError:
            pass  # checks.py reports it; the default keeps the site running meanwhile
    return config


def get_config():
    """The effective configuration: {key: typed value} for every setting in SETTINGS."""
    if "config" not in _cache:
        _cache["config"] = _build()
    return _cache["config"]


@receiver(setting_changed)
def _forget(setting, **kwargs):  # pylint: disable=unused-argument
    """Rebuild the configuration after FEE_TRAINING changes (tests, runtime overrides)."""
    if setting == "FEE_TRAINING":
        _cache.clear()


def reload():
    """Forget the built configuration (after the environment changed, e.g. in a command or test)."""
    _cache.clear()


def setting(name):
    """One typed setting; KeyError for a name that is not in SETTINGS (a typo in our own code)."""
    return get_config()[name]


def payments_configured():
    """True when the site switch is on and both Stripe keys are set (card payments can work)."""
    return bool(setting("PAYMENTS_ENABLED") and setting("STRIPE_SECRET_KEY") and setting("STRIPE_PUBLISHABLE_KEY"))


def missing_payment_settings():
    """Names of the settings an operator still has to set for card payments."""
    names = ("PAYMENTS_ENABLED", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")
    return [name for name in names if not setting(name)]
