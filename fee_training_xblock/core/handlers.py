"""What every XBlock handler of the plugin shares: the block interface, safe JSON input, errors as JSON.

Capability handler mixins (payments.handlers, promos.handlers, ...) rely only on
`GatedBlock`, the interface the block class implements; they never call each other.
Every JSON handler is declared with `json_handler` (never XBlock's own): the body is
parsed here, so a malformed, oversized or absurdly nested body is a 400 before any
handler code runs. Handlers read text fields; a request may hold numbers, lists,
objects or booleans instead. Numbers become their text, null stays None, true/false
are kept only for the fields declared boolean (BOOLEAN_FIELDS), and anything else is
refused with a 400 naming the field, so no handler meets a type it did not expect.
"""
import functools
import json
import logging
from typing import Protocol

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from fee_training_xblock.core import ratelimit
from fee_training_xblock.core.domain.errors import DomainError, PaymentsUnavailable

log = logging.getLogger(__name__)

#: Request fields that are true/false by nature (checkboxes, confirmations); everywhere else a boolean is refused.
BOOLEAN_FIELDS = frozenset({"once_per_learner", "confirmed", "paid_elsewhere", "send"})
#: The largest JSON body a handler accepts (a card token, a promo code, a staff form).
MAX_BODY_BYTES = 64 * 1024
#: Longest user key the ledger can store (its columns are 255 characters).
MAX_USER_KEY_LENGTH = 255


class GatedBlock(Protocol):
    """The methods of the fee_training block that handler mixins and gates may use."""

    runtime: object
    access_mode: str

    def gettext(self, text):
        """`text` translated into the viewer's language."""

    def ngettext(self, singular, plural, number):
        """The plural form for `number`, translated into the viewer's language."""

    def viewer(self):
        """The current user as a data.Viewer."""

    def ref(self):
        """The block's data.BlockRef (course and usage keys)."""

    def block_settings(self):
        """The author's checked settings (raises InvalidConfiguration)."""

    def gate(self):
        """The access gate of the block's mode (block.gates)."""

    def publish(self, event, data):
        """Send the tracking event fee_training.<event>."""

    def render_template(self, name, context):
        """Render templates/<name> with the viewer's translations."""

    def require_staff(self):
        """The viewer if course staff; a 403 JsonHandlerError otherwise."""

    def staff_and_learner(self, data):
        """(staff viewer, learner key) for a staff action naming data['learner']."""

    def require_refund_rights(self):
        """The viewer if they may refund payments here; a 403 JsonHandlerError otherwise."""

    def sync_access_state(self, grant):
        """Mirror a ledger grant (or None) into the learner's state."""

    def paid_payment_of(self, learner):
        """The learner's paid, unrefunded payment made in this block (card or PayPal), or None."""

    def grant_row(self, viewer):
        """The viewer's AccessGrant row in this block, live or not (or None), with its receipt, in one query."""

    def active_grant(self, viewer, now=None):
        """The viewer's live AccessGrant in this block (or None), in one query."""


def clean_fields(data, gettext):
    """The request's fields as text, declared booleans or None; a 400 for anything else."""
    cleaned = {}
    for name, value in data.items():
        if isinstance(value, (list, dict)):
            raise JsonHandlerError(400, gettext("'{name}' must be a single value.").format(name=name))
        if isinstance(value, bool):
            if name not in BOOLEAN_FIELDS:
                raise JsonHandlerError(400, gettext("'{name}' must be text, not true or false.").format(name=name))
        elif isinstance(value, (int, float)):
            value = str(value)
        cleaned[str(name)] = value
    return cleaned


def json_errors(handler):
    """Demand a JSON object; PaymentsUnavailable becomes a 503, any other DomainError a 400, translated."""
    @functools.wraps(handler)
    def wrapper(self, data, suffix=""):
        if not isinstance(data, dict):
            raise JsonHandlerError(400, self.gettext("Send a JSON object."))
        data = clean_fields(data, self.gettext)
        try:
            return handler(self, data, suffix)
        except PaymentsUnavailable as err:
            raise JsonHandlerError(503, err.localized(self.gettext)) from err
        except DomainError as err:
            raise JsonHandlerError(400, err.localized(self.gettext)) from err
    return wrapper


def _error(status, message):
    return JsonHandlerError(status, message).get_response()


def parse_body(body):
    """The JSON value of a request body; ValueError when it is not UTF-8 JSON or nests absurdly deep."""
    if len(body) > MAX_BODY_BYTES:
        raise ValueError("body too large")
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except UnicodeDecodeError as err:
        raise ValueError(str(err)) from None


def client_address_of(request):
    """The address a handler request came from, as the LMS determined it behind its proxies.

    The LMS's XForwardedForMiddleware (edx-django-utils' `ip`) stores the external IP
    chain in the request as `CLIENT_IPS`, per the operator's CLOSEST_CLIENT_IP_FROM_HEADERS;
    its last entry is the safest client IP, which the LMS also copies to REMOTE_ADDR unless
    its legacy-IP switch picks the spoofable first X-Forwarded-For entry instead. Outside
    the LMS (the workbench) REMOTE_ADDR is all there is.
    """
    chain = request.environ.get("CLIENT_IPS")
    if isinstance(chain, list | tuple) and chain:
        return str(chain[-1])
    return request.remote_addr or ""


def json_handler(func=None, *, raw=False):
    """Declare an XBlock JSON handler: POST only, body parsed safely, fields cleaned, DomainErrors as JSON.

    Replaces `XBlock.json_handler` + `json_errors`: XBlock's own decorator parses the
    body before our code runs and answers a deeply nested body with a 500.
    The client's address is available to rate limits (core.ratelimit.client_address)
    while the handler runs. `raw=True` hands the parsed body over as it is (for
    handlers whose body is nested, e.g. Studio's), without field cleaning.
    """
    if func is None:
        return functools.partial(json_handler, raw=raw)
    checked = func if raw else json_errors(func)

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return JsonHandlerError(405, self.gettext("Method must be POST")).get_response(allow=["POST"])
        try:
            data = parse_body(request.body)
        except ValueError as err:
            log.info("Refused a malformed JSON body for %s: %s", func.__name__, err)
            return _error(400, self.gettext("The request could not be read. Reload the page and try again."))
        if len(self.viewer().user_key) > MAX_USER_KEY_LENGTH:
            return _error(400, self.gettext("This account's id is too long to be used here."))
        with ratelimit.client_address_set(client_address_of(request)):
            try:
                reply = checked(self, data, suffix)
            except JsonHandlerError as err:
                return err.get_response()
        if isinstance(reply, Response):
            return reply
        return Response(json.dumps(reply), content_type="application/json", charset="utf8")
    wrapper.parses_json_safely = True  # tests check that every JSON handler of the block is declared here
    return wrapper
