"""Fixtures of the translation tests: the dummy language in force, and the allowed non-words of the scenarios."""
import re
from datetime import datetime

import pytest
from django.utils import formats, translation

from tests.support import dummy_locale

#: Names and codes that stay as they are in every language: brands, currency codes, formats, the time zone.
ALLOWED = ("PayPal", "Stripe", "USD", "EUR", "JPY", "UTC", "CSV", "JSON", "CVC", "ISO", "LMS", "IANA", "OK")


@pytest.fixture
def dummy(settings, tmp_path):
    """The dummy language (every message accented) active, as the LMS activates a learner's language."""
    settings.LOCALE_PATHS = [dummy_locale.build(str(tmp_path / "locale"))]
    settings.LANGUAGE_CODE = dummy_locale.LANGUAGE  # the site's default, for emails to learners of unknown language
    with translation.override(dummy_locale.LANGUAGE):
        yield


def date_words():
    """Words of dates Django writes in the dummy language (Esperanto's month and day names are ASCII-lettered)."""
    with translation.override(dummy_locale.LANGUAGE):
        texts = [formats.date_format(datetime(2026, month, day), "l, j F Y N b D M E")
                 for month in range(1, 13) for day in range(1, 8)]
    return tuple(set(re.findall(r"[A-Za-z]{2,}", " ".join(texts))))


def untranslated(markup, *names):
    """English words a person would read in `markup` (HTML), besides the scenario's own `names` and ALLOWED."""
    return dummy_locale.english_words(dummy_locale.visible_text(markup), allowed=ALLOWED + date_words() + names)
