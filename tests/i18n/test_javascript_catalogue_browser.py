"""The JavaScript catalogues in a real browser: the block's scripts translate through FeeTrainingI18N,
with Polish and Ukrainian plural rules, and fall back to English where no catalogue is loaded."""
import os

import pytest

pytestmark = pytest.mark.browser

JS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                  "fee_training_xblock", "static", "js")


def load(page, *scripts):
    """A blank page running the given files of static/js, in order."""
    page.set_content("<html><body></body></html>")
    page.evaluate("() => { delete window.FeeTrainingI18N; }")  # the window outlives set_content
    for name in scripts:
        with open(os.path.join(JS, name), encoding="utf-8") as handle:
            page.add_script_tag(content=handle.read())


@pytest.mark.parametrize("language, sentence, plural_forms", [
    # Polish: 1 link, 2-4 linki (but 12-14 linków), 5+ linków; 22 linki.
    ("pl", "Niczego nie zmieniono.", {1: 0, 3: 1, 5: 2, 12: 2, 22: 1, 25: 2}),
    # Ukrainian: 1 and 21 посилання (one), 2-4 and 22-24 (few), 5-20 and 11-14 (many).
    ("uk", "Нічого не змінено.", {1: 0, 3: 1, 5: 2, 11: 2, 21: 0, 22: 1}),
])
def test_the_catalogue_translates_with_the_languages_plural_rule(page, language, sentence, plural_forms):
    load(page, f"translations/{language}.js")
    assert page.evaluate("FeeTrainingI18N.gettext('Nothing was changed.')") == sentence
    assert page.evaluate("FeeTrainingI18N.pgettext('invitation', 'sent')") not in ("sent", "")
    counts = sorted(plural_forms)
    assert page.evaluate("counts => counts.map(n => FeeTrainingI18N.django.pluralidx(n))", counts) == [
        plural_forms[count] for count in counts]


def test_the_scripts_use_the_catalogue_and_fall_back_to_english(page):
    """fee_training.js shows 'Nobody has access yet.' from the catalogue of the page, or in English without one."""
    html = """<div id="block"><button data-role="access-list"></button><p data-role="access-message"></p>
      <table data-role="access-table" hidden><tbody></tbody></table></div>"""
    for catalogue, expected in (("translations/uk.js", "Ще ніхто не має доступу."), (None, "Nobody has access yet.")):
        load(page, *([catalogue] if catalogue else []), "fee_training.js")
        page.evaluate("html => { document.body.innerHTML = html; }", html)
        page.evaluate("""() => {
            // A blank page has no cookie jar (reading document.cookie throws): the CSRF token is empty here.
            Object.defineProperty(document, "cookie", {get: () => "", configurable: true});
            window.fetch = () => Promise.resolve({ok: true, json: () => Promise.resolve({rows: []})});
            FeeTrainingXBlock({handlerUrl: () => '/h'}, document.getElementById('block'), {});
            document.querySelector('[data-role=access-list]').click();
        }""")
        page.locator("[data-role=access-message]").filter(has_text=expected).wait_for(timeout=5000)
