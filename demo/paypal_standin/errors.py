"""PayPal-shaped error answers: ``name``, ``message``, ``debug_id``, ``details[]``, ``links``.

Names, messages and issue descriptions come from the documents' error catalogue (see
:class:`contract.Contract`), so each error the stand-in sends is one the documents list for
that operation and status.
"""
import secrets

from .contract import API_DOC_NAMES

# Where PayPal points its information links; the URL is PayPal's documentation, never fetched.
INFO_LINK = "https://developer.paypal.com/docs/api/{api}/#error-{issue}"


class ApiError(Exception):
    """An error answer: HTTP status plus a JSON body (raised by handlers, rendered by the app)."""

    def __init__(self, status, body, headers=None):
        super().__init__(body.get("name") or body.get("error"))
        self.status = status
        self.body = body
        self.headers = headers or {}


def debug_id():
    """A PayPal-like correlation id (13 hex characters)."""
    return secrets.token_hex(7)[:13]


def paypal_error(contract, op, status, issue=None, field=None, value=None, location=None,
                 links=None, details=None):
    """An :class:`ApiError` for ``op`` in PayPal's shape, texts taken from the documents.

    ``issue`` adds one detail with the catalogue's description; ``details`` replaces them.
    """
    name, message = contract.envelope(op.doc, status)
    body = {"name": name, "message": message, "debug_id": debug_id()}
    if details is None and issue:
        detail = {"issue": issue}
        if field:
            detail["field"] = field
        if value is not None:
            detail["value"] = str(value)
        if location:
            detail["location"] = location
        description = contract.issues(op, status).get(issue)
        if description:
            detail["description"] = description
        details = [detail]
    if details:
        body["details"] = details
    main_issue = details[0]["issue"] if details else name
    body["links"] = [*(links or []), {
        "href": INFO_LINK.format(api=API_DOC_NAMES[op.doc], issue=main_issue),
        "rel": "information_link", "method": "GET",
    }]
    return ApiError(status, body)


def not_found(contract, op, field, value):
    """404 ``RESOURCE_NOT_FOUND`` / ``INVALID_RESOURCE_ID`` for an unknown (or another app's) id."""
    return paypal_error(contract, op, 404, "INVALID_RESOURCE_ID", field=field, value=value, location="path")


def authentication_failure(contract, op):
    """401 ``AUTHENTICATION_FAILURE``: no bearer token, or one the stand-in did not issue or that expired."""
    name, message = contract.envelope(op.doc, 401)
    return ApiError(401, {"name": name, "message": message, "debug_id": debug_id(), "links": [{
        "href": "https://developer.paypal.com/api/rest/authentication/",
        "rel": "information_link", "method": "GET",
    }]}, headers={"WWW-Authenticate": 'Bearer realm="PayPal stand-in"'})


def internal_error(contract, op):
    """500 ``INTERNAL_SERVER_ERROR`` (what a response that fails the contract check becomes)."""
    name, message = contract.envelope(op.doc, 500)
    return ApiError(500, {"name": name, "message": message, "debug_id": debug_id()})
