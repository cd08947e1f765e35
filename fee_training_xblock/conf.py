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
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

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
    Setting("PAYMENT_METHODS", str, "card",
            "Ways to pay the site offers, in the order learners see them: card, paypal or card,paypal."),
    Setting("PAYPAL_CLIENT_ID", str, "", "Client id of the PayPal REST app (public: the JS SDK loads with it)."),
    Setting("PAYPAL_CLIENT_SECRET", str, "", "Secret of the PayPal REST app.", secret=True),
    Setting("PAYPAL_WEBHOOK_ID", str, "",
            "Id PayPal gave the plugin's webhook (letters and digits); events are verified against it."),
    Setting("PAYPAL_ENVIRONMENT", str, "sandbox", "Which PayPal the credentials belong to: sandbox or live."),
    Setting("PAYPAL_API_BASE", str, "",
            "Empty for PayPal itself (sandbox or live); a URL for a PayPal-compatible server (the stand-in)."),
    Setting("PAYPAL_SDK_URL", str, "", "Empty for PayPal's JS SDK; a URL for the stand-in's SDK."),
    Setting("PAYPAL_TIMEOUT_SECONDS", float, 10.0, "Timeout of each call to PayPal.", minimum=1),
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
            "Failed payments (declined or unusable cards, failed 3-D Secure; PayPal approvals declined or "
            "cancelled) a learner may have within PAYMENT_FAILURE_WINDOW before a lockout.", minimum=1),
    Setting("PAYMENT_MAX_FAILURES_PER_ADDRESS", int, 15,
            "Failed payments one client address may have within PAYMENT_FAILURE_WINDOW (all accounts together).",
            minimum=1),
    Setting("PAYMENT_FAILURE_WINDOW", int, 60 * 60, "Seconds over which failed payments are counted.",
            minimum=1),
    Setting("PAYMENT_LOCKOUT", int, 60 * 60, "Seconds a learner or address waits after too many failed payments.",
            minimum=1),
    Setting("PROMO_ORG_CODES_BY_COURSE_STAFF", bool, False,
            "Let course staff (not only platform staff) create organization-wide promo codes."),
    Setting("REFUND_COURSE_ROLES", str, "instructor",
            "Course roles (comma-separated: instructor, staff) that may refund besides platform staff; "
            "empty: platform staff only."),
    Setting("LMS_NOAUTH_HANDLER_ALLOWLIST", str, "outcome_service_handler,result_service_handler,lti_1p3_access_token",
            "Handlers of gated blocks that unauthenticated server-to-server callers may reach (comma-separated)."),
    Setting("LIVE_SESSIONS_ENABLED", bool, False,
            "Site switch of pay-per-use live sessions: hosts pay the estimated cost before a session opens."),
    Setting("LIVE_SESSION_CURRENCY", str, "USD", "Currency of the site-wide pay-per-use rates (ISO 4217)."),
    Setting("LIVE_SESSION_PEOPLE_MINUTE_RATE", Decimal, Decimal("0"),
            "Site-wide price of one people minute, an exact decimal (e.g. 0.0125).", minimum=0),
    Setting("LIVE_SESSION_TELECONFERENCE_MINUTE_RATE", Decimal, Decimal("0"),
            "Site-wide price of one teleconferencing minute, an exact decimal (e.g. 0.05).", minimum=0),
    Setting("LIVE_SESSION_ESTIMATE_HOURS", int, 24,
            "How long a confirmed estimate can be paid at its rates; afterwards the host asks for a new one.",
            minimum=1),
    Setting("LIVE_SESSION_CHARGE_DIFFERENCE", bool, False,
            "After a session, ask the host to pay what the measured people minutes cost beyond the estimate."),
    Setting("WEBINAR_JOIN_EARLY_MINUTES", int, 15,
            "Minutes before a webinar's start when its Join button becomes active.", minimum=0),
    Setting("WEBINAR_PASSWORD_MAX_WRONG", int, 5,
            "Wrong room passwords a learner may type within WEBINAR_PASSWORD_WRONG_WINDOW.", minimum=1),
    Setting("WEBINAR_PASSWORD_WRONG_WINDOW", int, 15 * 60, "Seconds over which wrong room passwords are counted.",
            minimum=1),
    Setting("WEBINAR_PASSWORD_LOCKOUT", int, 15 * 60, "Seconds a learner waits after too many wrong room passwords.",
            minimum=1),
    Setting("WEBINAR_PASSWORD_ITERATIONS", int, 600_000,
            "PBKDF2-SHA256 iterations of new room password hashes (each hash keeps its own count).",
            minimum=100_000),
    Setting("WEBINAR_INVITATION_SIGNATURE", str, "",
            "Signature under webinar invitations when the block's author gave none (e.g. the school's name)."),
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
        raise ValueError(_("{key} must be true or false (got {value}).").format(key=item.key, value=repr(value)))
    if item.kind is Decimal:
        return _parse_decimal(item, value)
    if item.kind in (int, float):
        if isinstance(value, bool):
            raise ValueError(_("{key} must be a number (got {value}).").format(key=item.key, value=repr(value)))
        try:
            number = item.kind(str(value).strip()) if isinstance(value, str) else item.kind(value)
        except (TypeError, ValueError):
            shape = _("{key} must be a whole number (got {value}).") if item.kind is int else _(
                "{key} must be a number (got {value}).")
            raise ValueError(shape.format(key=item.key, value=repr(value)))  # noqa: B904
        if item.minimum is not None and number < item.minimum:
            raise ValueError(_("{key} must be at least {minimum} (got {value}).").format(
                key=item.key, minimum=f"{item.minimum:g}", value=repr(number)))
        return number
    if value is None or not isinstance(value, str):
        raise ValueError(_("{key} must be text (got {value}).").format(key=item.key, value=repr(value)))
    return value.strip()


def _parse_decimal(item, value):
    """An exact Decimal from text or a number (a float through its shortest text), at least `item.minimum`."""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip())
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValueError(_("{key} must be a decimal number such as 0.0125 (got {value}).").format(  # noqa: B904
            key=item.key, value=repr(value)))
    if item.minimum is not None and number < item.minimum:
        raise ValueError(_("{key} must be at least {minimum} (got {value}).").format(
            key=item.key, minimum=f"{item.minimum:g}", value=repr(value)))
    return number


def raw_values():
    """{key: (value as given, where it came from)} for every setting the operator set."""
    found = {}
    for item in SETTINGS:
        env_value = os.environ.get(ENV_PREFIX + item.key)
        if env_value is not None:
            found[item.key] = (env_value, _("environment variable {name}").format(name=ENV_PREFIX + item.key))
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


METHOD_CARD = "card"
METHOD_PAYPAL = "paypal"
PAYMENT_METHOD_NAMES = (METHOD_CARD, METHOD_PAYPAL)
# What each way to pay needs before learners can use it, and what it also needs (webhooks) to be complete.
REQUIRED_SETTINGS = {
    METHOD_CARD: ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY"),
    METHOD_PAYPAL: ("PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET"),
}
WEBHOOK_SETTINGS = {METHOD_CARD: ("STRIPE_WEBHOOK_SECRET",), METHOD_PAYPAL: ("PAYPAL_WEBHOOK_ID",)}


def method_names(text):
    """The method names listed in a PAYMENT_METHODS value, in order, lower-cased, without repeats."""
    names = []
    for name in str(text or "").replace(";", ",").split(","):
        name = name.strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def offered_methods():
    """The known ways to pay the operator offers (PAYMENT_METHODS), in the order learners see them."""
    return tuple(name for name in method_names(setting("PAYMENT_METHODS")) if name in PAYMENT_METHOD_NAMES)


def method_configured(method):
    """True when payments are on, the operator offers `method` and set what it needs."""
    return bool(setting("PAYMENTS_ENABLED") and method in offered_methods()
                and all(setting(name) for name in REQUIRED_SETTINGS[method]))


def configured_methods():
    """The offered ways to pay that can work now, in the order learners see them."""
    return tuple(method for method in offered_methods() if method_configured(method))


def payments_configured():
    """True when the site switch is on and at least one offered way to pay has its settings."""
    return bool(configured_methods())


def missing_payment_settings():
    """Names of the settings an operator still has to set for the ways to pay the site offers."""
    names = ["PAYMENTS_ENABLED"]
    for method in offered_methods():
        names.extend(REQUIRED_SETTINGS[method] + WEBHOOK_SETTINGS[method])
    return [name for name in names if not setting(name)]
