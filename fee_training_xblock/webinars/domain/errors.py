"""Errors of the webinar rules; messages are English templates with named parameters (translated by the glue)."""
from fee_training_xblock.core.domain.errors import DomainError


class WebinarError(DomainError):
    """A webinar rule was broken (bad schedule, bad participant line, wrong password, ...)."""


class TooManyAttempts(WebinarError):
    """Too many wrong room passwords: the learner must wait until `until` (an aware datetime)."""


class ProblemList(WebinarError):
    """Several problems at once (e.g. one per bad participant line); `problems` holds each WebinarError."""

    def __init__(self, problems, field=None):
        self.problems = list(problems)
        super().__init__("{details}", field=field, details=" ".join(problem.message for problem in self.problems))

    def localized(self, gettext):
        """Each problem translated, then joined."""
        return " ".join(problem.localized(gettext) for problem in self.problems)
