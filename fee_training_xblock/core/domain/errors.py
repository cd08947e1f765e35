"""Domain errors whose messages a learner or author can act on.

A message is an English template with named parameters, so the XBlock glue can
translate the template first and fill in the parameters afterwards.
"""


class DomainError(Exception):
    """A rule was broken; `message` says what to fix, `field` names the input at fault."""

    def __init__(self, template, field=None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(self.message)

    @property
    def message(self):
        """The English message with its parameters filled in."""
        return self.template.format(**self.params)

    def localized(self, gettext):
        """The message translated with `gettext`, then filled in."""
        return gettext(self.template).format(**self.params)


class InvalidAmount(DomainError):
    """An amount of money that cannot be used (bad text, negative, too precise, too large)."""


class UnknownCurrency(DomainError):
    """A currency code that is not ISO 4217 or that we do not support."""


class InvalidConfiguration(DomainError):
    """Block settings that do not fit together."""


class AccessError(DomainError):
    """A learner cannot be given (or keep) access for a stated reason."""


class PaymentError(DomainError):
    """A payment could not be made or verified (declined card, wrong intent, bad state)."""


class PaymentsUnavailable(DomainError):
    """The payment provider cannot be reached or payments are not configured; try again later."""
