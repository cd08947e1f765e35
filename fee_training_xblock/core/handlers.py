"""One decorator for every JSON handler of the block: input made safe, domain errors turned into JSON.

Handlers read text fields; a learner's request may hold numbers, lists or
objects instead. Numbers become their text, booleans and null stay, and a list
or object is refused with a 400 naming the field, so no handler meets a type
it did not expect (no 500 for a malformed request).
"""
import functools

from xblock.exceptions import JsonHandlerError

from fee_training_xblock.core.domain.errors import DomainError, PaymentsUnavailable


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
