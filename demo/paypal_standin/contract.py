"""The contract check: requests, responses and webhook events validated against PayPal's documents.

openapi-core does the request and response checks (path, path/query/header parameters, the
security requirement, JSON bodies, status codes). This module turns what it finds into
PayPal's own ``INVALID_REQUEST`` details, and reads PayPal's error catalogue out of the
documents: the error responses there pin ``name``, ``message`` and each ``issue``'s
``description`` with enums, so the stand-in takes those texts from the documents instead
of retyping them (a typo would fail its own response check).
"""
import dataclasses
import re

from jsonschema import FormatChecker
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.validation.request.exceptions import (
    InvalidParameter,
    MissingParameterError,
    MissingRequestBodyError,
    SecurityValidationError,
)
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .spec_quirks import DOCUMENTS, FORMAT_CHECKS, build_openapi, load_document

# jsonschema keyword -> PayPal issue (the vocabulary of the documents' 400 responses).
ISSUE_BY_KEYWORD = {
    "required": "MISSING_REQUIRED_PARAMETER",
    "minLength": "INVALID_STRING_LENGTH",
    "maxLength": "INVALID_STRING_LENGTH",
    "pattern": "INVALID_PARAMETER_SYNTAX",
    "format": "INVALID_PARAMETER_SYNTAX",
    "minItems": "INVALID_ARRAY_MIN_ITEMS",
    "maxItems": "INVALID_ARRAY_MAX_ITEMS",
}
FALLBACK_ISSUE = "INVALID_PARAMETER_VALUE"
API_DOC_NAMES = {"orders": "orders/v2", "payments": "payments/v2", "webhooks": "webhooks/v1"}


@dataclasses.dataclass(frozen=True)
class Operation:
    """One operation of one document: enough to find its schemas and its error catalogue."""

    doc: str
    method: str
    path: str  # the template, e.g. /v2/checkout/orders/{id}
    operation_id: str


def deref(document, node):
    """Follow local ``#/...`` ``$ref``s in a raw document until a plain node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


class Contract:
    """PayPal's three documents, loaded once: validators, the error catalogue, event schemas."""

    def __init__(self):
        self.documents = {name: load_document(name) for name in DOCUMENTS}
        self.apis = {name: build_openapi(doc) for name, doc in self.documents.items()}
        checker = FormatChecker()
        for name, check in [*oas30_format_checker.checkers.items()]:
            checker.checkers[name] = check
        for name, check in FORMAT_CHECKS.items():
            checker.checks(name)(check)
        self._format_checker = checker
        self._registry = Registry().with_resources(
            (f"urn:paypal:{name}", Resource.from_contents(doc, default_specification=DRAFT4))
            for name, doc in self.documents.items()
        )
        orders = self.documents["orders"]
        self.common_400 = {
            branch["properties"]["issue"]["enum"][0]: branch["properties"]["description"]["enum"][0]
            for branch in orders["components"]["schemas"]["400"]["properties"]["details"]["items"]["anyOf"]
        }
        self.spec_paths = [
            (method.upper(), re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), name)
            for name, doc in self.documents.items()
            for path, item in doc["paths"].items()
            for method in item if method in ("get", "post", "put", "patch", "delete")
        ]

    # ----- requests and responses -------------------------------------------------------------

    def request_errors(self, op, request):
        """openapi-core's findings for a werkzeug request, minus security (checked by the stand-in)."""
        errors = self.apis[op.doc].iter_request_errors(WerkzeugOpenAPIRequest(request))
        return [error for error in errors if not isinstance(error, SecurityValidationError)]

    def response_errors(self, op, request, response):
        """openapi-core's findings for a response the stand-in is about to send."""
        return list(self.apis[op.doc].iter_response_errors(
            WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response)))

    def in_spec(self, method, path):
        """The document name whose paths contain this request, or None (for 'not implemented')."""
        for spec_method, pattern, name in self.spec_paths:
            if spec_method == method and pattern.match(path):
                return name
        return None

    def takes_header(self, op, name):
        """True when the operation documents a header parameter called ``name``."""
        document = self.documents[op.doc]
        params = document["paths"][op.path][op.method.lower()].get("parameters", [])
        return any(deref(document, param).get("in") == "header" and deref(document, param)["name"] == name
                   for param in params)

    # ----- PayPal's error catalogue ----------------------------------------------------------

    def envelope(self, doc, status):
        """``(name, message)`` that the document pins for an error status (``error_422``...)."""
        schema = self.documents[doc]["components"]["schemas"].get(f"error_{status}", {})
        props = schema.get("properties", {})
        name = (props.get("name", {}).get("enum") or ["UNKNOWN_ERROR"])[0]
        message = (props.get("message", {}).get("enum") or ["An error occurred."])[0]
        return name, message

    def issues(self, op, status):
        """``{issue: description}`` the operation's response for ``status`` allows."""
        document = self.documents[op.doc]
        response = document["paths"][op.path][op.method.lower()]["responses"].get(str(status))
        if response is None:
            return {}
        schema = deref(document, response).get("content", {}).get("application/json", {}).get("schema", {})
        found = {}
        for part in deref(document, schema).get("allOf", [schema]):
            items = deref(document, part).get("properties", {}).get("details", {}).get("items", {})
            for branch in deref(document, items).get("anyOf", []):
                props = branch.get("properties", {})
                issue = (props.get("issue", {}).get("enum") or [None])[0]
                if issue:
                    found[issue] = (props.get("description", {}).get("enum") or [None])[0]
        return found

    def validation_details(self, op, errors):
        """PayPal ``details`` for openapi-core request errors, and plain messages for the record.

        Operations without a documented 400 (the GETs) fall back to the Orders document's
        common ``400`` issue list, so every detail still carries PayPal's wording.
        """
        allowed = self.issues(op, 400) or self.common_400
        details, messages = [], []
        for error in errors:
            messages.append(f"{type(error).__name__}: {error}")
            for issue, field, value, location, reason in _describe(error):
                if allowed and issue not in allowed:
                    issue = FALLBACK_ISSUE if FALLBACK_ISSUE in allowed else next(iter(allowed))
                detail = {"field": field, "issue": issue}
                if value is not None:
                    detail["value"] = value
                if location:
                    detail["location"] = location
                detail["description"] = allowed.get(issue) or reason
                details.append(detail)
                messages.append(f"  {field}: {reason}")
        return details, messages

    # ----- webhook events -----------------------------------------------------------------------

    def event_errors(self, event, resource_schema):
        """Errors of a webhook event: the envelope (Webhooks ``event``) and its resource.

        ``resource_schema`` is ``(doc, component)``, e.g. ``("payments", "capture-2")``.
        """
        errors = self._schema_errors("webhooks", "event", event)
        errors += self._schema_errors(*resource_schema, event.get("resource"))
        return errors

    def _schema_errors(self, doc, component, instance):
        """Messages for ``instance`` against ``#/components/schemas/<component>`` of a document."""
        validator = OAS30ReadValidator(
            {"$ref": f"urn:paypal:{doc}#/components/schemas/{component}"},
            registry=self._registry, format_checker=self._format_checker,
        )
        return [f"{component} {'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(instance)]


def _pointer(path):
    """A JSON pointer (PayPal's ``field``) for a jsonschema path."""
    return "/" + "/".join(str(part) for part in path)


def _describe(error):
    """Yield ``(issue, field, value, location, reason)`` for one openapi-core request error."""
    schema_errors = list(getattr(error.__cause__, "schema_errors", None) or [])
    if isinstance(error, MissingParameterError):
        yield "MISSING_REQUIRED_PARAMETER", error.name, None, _location(error.location), str(error)
    elif isinstance(error, InvalidParameter):
        for sub in schema_errors or [None]:
            issue = ISSUE_BY_KEYWORD.get(getattr(sub, "validator", None), FALLBACK_ISSUE)
            yield issue, error.name, _scalar(getattr(sub, "instance", None)), _location(error.location), \
                getattr(sub, "message", str(error))
    elif isinstance(error, MissingRequestBodyError):
        yield "MISSING_REQUIRED_PARAMETER", "/", None, "body", str(error)
    elif schema_errors:
        for sub in schema_errors:
            issue = ISSUE_BY_KEYWORD.get(sub.validator, FALLBACK_ISSUE)
            field = _pointer(sub.absolute_path)
            if sub.validator == "required" and isinstance(sub.instance, dict):
                missing = [name for name in sub.validator_value if name not in sub.instance]
                field = _pointer([*sub.absolute_path, *missing[:1]])
            yield issue, field, _scalar(sub.instance), "body", sub.message
    else:
        yield FALLBACK_ISSUE, "/", None, "body", str(error.__cause__ or error)


def _location(location):
    """PayPal's ``location`` enum is body/path/query: headers get none."""
    return location if location in ("body", "path", "query") else None


def _scalar(value):
    """PayPal's ``value`` is a string: only scalars are echoed."""
    if isinstance(value, (str, int, float, bool)):
        return str(value)
    return None
