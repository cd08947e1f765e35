"""One decorator for every JSON handler of the block: domain errors become JSON a user can act on."""
import functools

from xblock.exceptions import JsonHandlerError

from .domain.errors import DomainError, PaymentsUnavailable


def json_errors(handler):
    """Demand a JSON object; PaymentsUnavailable becomes a 503, any other DomainError a 400, translated."""
    @functools.wraps(handler)
    def wrapper(self, data, suffix=""):
        if not isinstance(data, dict):
            raise JsonHandlerError(400, self.gettext("Send a JSON object."))
        try:
            return handler(self, data, suffix)
        except PaymentsUnavailable as err:
            raise JsonHandlerError(503, err.localized(self.gettext)) from err
        except DomainError as err:
            raise JsonHandlerError(400, err.localized(self.gettext)) from err
    return wrapper
