"""What every XBlock handler of the plugin shares: the block interface, safe JSON input, errors as JSON.

Capability handler mixins (payments.handlers, promos.handlers, ...) rely only on
`GatedBlock`, the interface the block class implements; they never call each other.
Handlers read text fields; a request may hold numbers, lists or objects instead.
Numbers become their text, booleans and null stay, and a list or object is refused
with a 400 naming the field, so no handler meets a type it did not expect.
"""
import functools
from typing import Protocol

from xblock.exceptions import JsonHandlerError

from fee_training_xblock.core.domain.errors import DomainError, PaymentsUnavailable


class GatedBlock(Protocol):
    """The methods of the fee_training block that handler mixins and gates may use."""

    runtime: object
    access_mode: str

    def gettext(self, text):
        """`text` translated into the viewer's language."""

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

    def sync_access_state(self, grant):
        """Mirror a ledger grant (or None) into the learner's state."""

    def active_grant(self, viewer, now=None):
        """The viewer's live AccessGrant in this block (or None), in one query."""


def clean_fields(data, gettext):
    """The request's fields as text, booleans or None; a 400 for a list or object value."""
    cleaned = {}
    for name, value in data.items():
        if isinstance(value, (list, dict)):
            raise JsonHandlerError(400, gettext("'{name}' must be a single value.").format(name=name))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
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
