"""Load PayPal's OpenAPI documents and make them usable as a contract: every quirk in one place.

The documents in ``openapi/`` stay byte-for-byte PayPal's. What they need before a generic
validator (openapi-core) can check real traffic against them is patched here, in memory:

1. ``servers`` name PayPal's hosts; the stand-in serves the same paths on 127.0.0.1, so each
   document's servers become ``[{"url": "/"}]`` (path matching on any host).
2. Webhooks v1 ``verify-webhook-signature`` takes the received event back as ``webhook_event``,
   but the ``event`` schema marks every property ``readOnly``, and OpenAPI 3.0 forbids
   read-only properties in requests. Taken literally, no verify call could pass, so the
   ``readOnly`` flags are removed from that one schema.
3. PayPal uses its own ``format`` names (``ppaas_common_currency_code_v2``,
   ``ppaas_date_time_v3``, ...). Generic validators ignore unknown formats, and
   openapi-core's OpenAPI 3.0 checker does not check ``date-time``/``uri`` either, so
   :data:`FORMAT_CHECKS` gives each a check; the response checks then catch a malformed
   date or currency the stand-in would send.
4. The security scheme is OAuth 2 client credentials, which openapi-core does not check
   ("Unsupported scheme type"); :class:`BearerSecurityProviderFactory` checks that an
   ``Authorization: Bearer ...`` header is present (the stand-in checks the token itself).

Quirks that need no patch but matter to a client are listed in the package README.
"""
import copy
import json
import os
import re
import warnings

from openapi_core import Config, OpenAPI
from openapi_core.security.exceptions import SecurityProviderError
from openapi_core.security.factories import SecurityProviderFactory
from openapi_core.security.providers import BaseProvider
from rfc3339_validator import validate_rfc3339

SPEC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi")

# Short names used across the stand-in for the three documents.
DOCUMENTS = {
    "orders": "checkout_orders_v2.json",
    "payments": "payments_payment_v2.json",
    "webhooks": "notifications_webhooks_v1.json",
}

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^([A-Z]{2}|C2)$")  # PayPal uses C2 for China worldwide
_PAYER_ID = re.compile(r"^[2-9A-HJ-NP-Z]{13}$")
_DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_LANGUAGE = re.compile(r"^[a-z]{2}(?:-[A-Za-z0-9]{2,8})*$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _strings_only(check):
    """Formats apply to strings only (PayPal even puts ``payer_v1`` on an object): pass the rest."""
    return lambda value: not isinstance(value, str) or bool(check(value))


FORMAT_CHECKS = {
    "ppaas_common_currency_code_v2": _strings_only(_CURRENCY.match),
    "ppaas_common_country_code_v2": _strings_only(_COUNTRY.match),
    "ppaas_payer_id_v3": _strings_only(_PAYER_ID.match),
    "ppaas_date_time_v3": _strings_only(validate_rfc3339),
    "ppaas_date_notime_v2": _strings_only(_DATE.match),
    "ppaas_common_language_v3": _strings_only(_LANGUAGE.match),
    "ppaas_common_email_address_v2": _strings_only(_EMAIL.match),
    "merchant_common_email_address_v2": _strings_only(_EMAIL.match),
    "ppaas_ip_address_v1": _strings_only(lambda value: re.match(r"^[0-9a-fA-F:.]+$", value)),
    "date-time": _strings_only(validate_rfc3339),
    "uri": _strings_only(_URI.match),
}


class BearerProvider(BaseProvider):
    """The documents' OAuth 2 requirement, as seen on the wire: an ``Authorization: Bearer`` header."""

    def __call__(self, parameters):
        """Return the token, or raise when the header is missing or not a bearer token."""
        header = parameters.header.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise SecurityProviderError("Missing bearer token in the Authorization header.")
        return token.strip()


class BearerSecurityProviderFactory(SecurityProviderFactory):
    """openapi-core's provider factory with OAuth 2 checked as a bearer header instead of skipped."""

    PROVIDERS = {**SecurityProviderFactory.PROVIDERS, "oauth2": BearerProvider}


def _strip_read_only(schema):
    """Drop every ``readOnly`` key inside one schema (not following ``$ref``)."""
    if isinstance(schema, dict):
        return {key: _strip_read_only(value) for key, value in schema.items() if key != "readOnly"}
    if isinstance(schema, list):
        return [_strip_read_only(value) for value in schema]
    return schema


def load_document(name):
    """One of PayPal's documents (``orders``, ``payments`` or ``webhooks``) with the quirks patched."""
    with open(os.path.join(SPEC_DIR, DOCUMENTS[name]), encoding="utf-8") as handle:
        document = json.load(handle)
    document["servers"] = [{"url": "/"}]
    if name == "webhooks":
        schemas = document["components"]["schemas"]
        schemas["event"] = _strip_read_only(copy.deepcopy(schemas["event"]))
    return document


def build_openapi(document):
    """An openapi-core ``OpenAPI`` for a patched document, with PayPal's formats and bearer auth."""
    config = Config(
        extra_format_validators=FORMAT_CHECKS,
        security_provider_factory=BearerSecurityProviderFactory(),
    )
    with warnings.catch_warnings():
        # openapi-spec-validator checks the document once here; it is valid (checked in tests).
        warnings.simplefilter("ignore", DeprecationWarning)
        return OpenAPI.from_dict(document, config=config)
