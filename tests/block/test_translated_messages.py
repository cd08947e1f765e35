"""Issue 14, item 13: every sentence the page's JavaScript may show comes from the server, translated.

The JavaScript has no English of its own for failures: the network, a non-JSON answer,
Stripe.js missing, a failed bank check, a card it cannot read. An i18n service that marks
what it translated shows each of them went through gettext.
"""
import pytest

from tests.support.runtime import BlockFactory

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


class MarkingI18n:
    """An i18n service that marks every translated string (a stand-in for a real catalogue)."""

    def gettext(self, text):
        """«text»."""
        return f"«{text}»"

    ugettext = gettext

    def ngettext(self, singular, plural, number):
        """The marked singular or plural."""
        return self.gettext(singular if number == 1 else plural)


def test_every_failure_sentence_of_the_page_is_translated(payments_on):
    block = BlockFactory().block_for("alice")
    block.runtime._services["i18n"] = MarkingI18n()  # pylint: disable=protected-access
    config = block.student_view({}).json_init_args
    sentences = {**config["messages"], **config["payment"]["messages"]}
    for name in ("network", "requestFailed", "stripeMissing", "authFailed", "checkCard", "retry", "alreadyPaid"):
        assert sentences[name].startswith("«") and sentences[name].endswith("»"), name
