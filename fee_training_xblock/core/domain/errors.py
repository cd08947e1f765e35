"""Domain errors whose messages a learner or author can act on.

A message is an English template with named parameters, marked for extraction with
`gettext_noop` where it is written (domains import no Django), so the glue that shows
it translates the template first and fills in the parameters afterwards:
`err.localized(gettext)`. A parameter that is itself text for people (a field's
label, a nested error) is translated with it: pass a `Label` or a DomainError.
"""


def gettext_noop(message):
    """Mark `message` for translation where it is shown; unchanged (Django's name: extraction finds it)."""
    return message


class Label(str):
    """A short text for people passed as a message parameter (a field's name): translated with the message."""


def _filled(template, params, gettext):
    """`template` with `params` filled in, each translatable parameter translated by `gettext` first."""
    values = {}
    for name, value in params.items():
        if isinstance(value, DomainError):
            value = value.localized(gettext)
        elif isinstance(value, Label):
            value = gettext(value)
        values[name] = value
    return template.format(**values)


class DomainError(Exception):
    """A rule was broken; `message` says what to fix, `field` names the input at fault."""

    def __init__(self, template, field=None, **params):
        self.template = template
        self.field = field
        self.params = params
        super().__init__(self.message)

    @property
    def message(self):
        """The English message with its parameters filled in (for logs and stored notes)."""
        return _filled(self.template, self.params, lambda text: text)

    def localized(self, gettext):
        """The message translated with `gettext`, then filled in."""
        return _filled(gettext(self.template), self.params, gettext)


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
