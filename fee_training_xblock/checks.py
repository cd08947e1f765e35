"""Django system checks: tell an operator at deploy time what is missing or malformed.

Run by `manage.py check` (and every management command and server start). Each
message names the setting, what is wrong and how to fix it.
"""
from django.core import checks
from django.utils.translation import gettext as _

from fee_training_xblock import compat, conf
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.time import load_time_zone
from fee_training_xblock.live_sessions.domain.estimate import make_rates
from fee_training_xblock.payments.paypal_domain import WEBHOOK_ID

ID_PREFIX = "fee_training"


def _error(number, message, hint):
    return checks.Error(message, hint=hint, id=f"{ID_PREFIX}.E{number:03d}")


def _warning(number, message, hint):
    return checks.Warning(message, hint=hint, id=f"{ID_PREFIX}.W{number:03d}")


@checks.register()
def check_settings(app_configs=None, **kwargs):  # pylint: disable=unused-argument
    """Every FEE_TRAINING value has the right type, payments have their keys and ways to pay, names are known."""
    problems = []
    raw = conf.raw_values()
    for key, (value, source) in raw.items():
        item = conf.BY_KEY.get(key)
        if item is None:
            problems.append(_warning(1, _("{source} is not a setting of fee_training_xblock.").format(source=source),
                                     _("Check the spelling; the README lists every setting.")))
            continue
        try:
            conf.parse(item, value)
        except ValueError as err:
            # never echo a secret
            shown = (_("{source} must be text.").format(source=source) if item.secret
                     else _("{source}: {problem}").format(source=source, problem=err))
            problems.append(_error(1, shown, _("Fix the value; the default ({default}) is used.").format(
                default=repr(item.default))))
    try:
        load_time_zone(conf.setting("BILLING_TIME_ZONE"))
    except DomainError as err:
        problems.append(_error(2, err.localized(_), _("Use an IANA time zone name such as UTC or Europe/Warsaw.")))
    if conf.setting("PAYMENTS_ENABLED"):
        missing = [name for name in conf.missing_payment_settings() if name != "PAYMENTS_ENABLED"]
        if missing:
            problems.append(_error(
                3, _("Payments are switched on but these settings are empty: {names}.").format(
                    names=", ".join(missing)),
                _("Set them in FEE_TRAINING (LMS settings) or as FEE_TRAINING_* environment variables."),
            ))
        secret = conf.setting("STRIPE_SECRET_KEY")
        if secret and not secret.startswith(("sk_", "rk_")):
            problems.append(_error(4, _("STRIPE_SECRET_KEY does not look like a Stripe secret key."),
                                   _("Copy the secret key (sk_...) from the Stripe dashboard.")))
        if conf.setting("DEMO_MODE") and secret.startswith("sk_live_"):
            problems.append(_warning(2, _("DEMO_MODE shows test card numbers on a site with live Stripe keys."),
                                     _("Switch DEMO_MODE off.")))
    if not compat.lms_root_url():
        problems.append(_warning(5, _("LMS_ROOT_URL is empty: personal webinar links in invitation emails would have "
                                      "no address to open."), _("Set LMS_ROOT_URL (every Open edX site has it).")))
    return problems + check_payment_methods()


def check_payment_methods():
    """PAYMENT_METHODS names known ways to pay, and PayPal's settings fit together."""
    problems = []
    unknown = [name for name in conf.method_names(conf.setting("PAYMENT_METHODS"))
               if name not in conf.PAYMENT_METHOD_NAMES]
    if unknown:
        problems.append(_error(5, _("PAYMENT_METHODS names unknown ways to pay: {names}.").format(
            names=", ".join(unknown)), _("Use card, paypal or card,paypal.")))
    elif not conf.offered_methods():
        problems.append(_error(5, _("PAYMENT_METHODS is empty, so learners have no way to pay."),
                               _("Use card, paypal or card,paypal.")))
    if conf.METHOD_PAYPAL not in conf.offered_methods():
        return problems
    environment = conf.setting("PAYPAL_ENVIRONMENT")
    if environment not in ("sandbox", "live"):
        problems.append(_error(6, _("PAYPAL_ENVIRONMENT must be sandbox or live (got {value}).").format(
            value=repr(environment)), _("Use sandbox with sandbox app credentials, live with live ones.")))
    webhook_id = conf.setting("PAYPAL_WEBHOOK_ID")
    if webhook_id and not WEBHOOK_ID.match(webhook_id):
        problems.append(_error(7, _("PAYPAL_WEBHOOK_ID must be the webhook's id from PayPal's developer dashboard "
                                    "(letters and digits, e.g. 8PT597110X687430LKGECATA)."),
                               _("Copy the Webhook ID shown next to the plugin's webhook URL in your PayPal app.")))
    if environment == "live" and conf.setting("PAYPAL_API_BASE"):
        problems.append(_warning(3, _("PAYPAL_ENVIRONMENT is live but PAYPAL_API_BASE sends PayPal calls elsewhere."),
                                 _("Empty PAYPAL_API_BASE on a live site.")))
    if environment == "live" and conf.setting("DEMO_MODE"):
        problems.append(_warning(4, _("DEMO_MODE tells learners PayPal is a stand-in on a site with live PayPal."),
                                 _("Switch DEMO_MODE off.")))
    return problems


@checks.register()
def check_live_session_settings(app_configs=None, **kwargs):  # pylint: disable=unused-argument
    """Pay-per-use rates are usable (currency, at most 6 decimals) and the switch has card payments to use."""
    problems = []
    try:
        make_rates(conf.setting("LIVE_SESSION_CURRENCY"), conf.setting("LIVE_SESSION_PEOPLE_MINUTE_RATE"),
                   conf.setting("LIVE_SESSION_TELECONFERENCE_MINUTE_RATE"))
    except DomainError as err:
        problems.append(_error(20, err.localized(_), _("Fix the pay-per-use rate settings (see the README).")))
    if conf.setting("LIVE_SESSIONS_ENABLED") and not conf.payments_configured():
        problems.append(_warning(20, _("LIVE_SESSIONS_ENABLED is on but card payments are not configured, so hosts "
                                       "cannot pay for sessions."),
                                 _("Set PAYMENTS_ENABLED and the Stripe keys, or switch LIVE_SESSIONS_ENABLED off.")))
    return problems
