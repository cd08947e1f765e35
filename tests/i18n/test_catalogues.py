"""The catalogues: Polish and Ukrainian complete and compiled, the JavaScript catalogues built from them,
and nothing in the code missing from them (tests/infra/test_packaging.py checks the wheel carries them).

Completeness means no untranslated or fuzzy entry, the same {placeholders}, %(names)s and HTML
tags as the English text, and all three plural forms of Polish and Ukrainian.
"""
import importlib.util
import os
import re

import polib
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCALE = os.path.join(ROOT, "fee_training_xblock", "conf", "locale")
LANGUAGES = ("pl", "uk")
DOMAINS = ("django", "djangojs")
PLACEHOLDERS = re.compile(r"\{\w*(?::[^}]*)?\}|%\(\w+\)[sd]|</?(?:a|time|strong|em|b|i|br|span|code|p)\b[^>]*>")


def pipeline():
    """scripts/translations.py as a module (the Makefile's extract/compile/check)."""
    spec = importlib.util.spec_from_file_location("translations", os.path.join(ROOT, "scripts", "translations.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue(language, domain):
    """The .po file of `language` and `domain`."""
    return polib.pofile(os.path.join(LOCALE, language, "LC_MESSAGES", f"{domain}.po"))


def marks(text):
    """The placeholders and tags of a message, as a sorted list (order may change in a translation)."""
    return sorted(PLACEHOLDERS.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_with_its_placeholders_and_plural_forms(language, domain):
    po = catalogue(language, domain)
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert len(po) > (500 if domain == "django" else 30)  # the catalogue is the real one, not an empty shell
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(("fuzzy", entry.msgid))
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(3)]
            if sorted(entry.msgstr_plural) != [0, 1, 2] or not all(forms):
                problems.append(("plural forms", entry.msgid))
            # The 'one' form may spell the number out; the others keep every placeholder of the English plural.
            problems += [("placeholders", entry.msgid) for form in forms[1:]
                         if marks(form) != marks(entry.msgid_plural)]
        elif not entry.msgstr:
            problems.append(("untranslated", entry.msgid))
        elif marks(entry.msgstr) != marks(entry.msgid):
            problems.append(("placeholders", entry.msgid))
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogues_hold_what_the_po_files_say(language):
    tools = pipeline()
    messages = os.path.join(LOCALE, language, "LC_MESSAGES")
    for compiled, source in (("django", "django"), ("text", "django"), ("djangojs", "djangojs")):
        assert tools.translations_of_mo(os.path.join(messages, f"{compiled}.mo")) == tools.translations_of_po(
            os.path.join(messages, f"{source}.po")), f"{language}/{compiled}.mo: run make compile_translations"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_javascript_catalogue_is_built_from_the_compiled_one(language):
    built = pipeline().js_catalogue(os.path.join(LOCALE, language, "LC_MESSAGES", "djangojs.mo"), language)
    with open(os.path.join(ROOT, "fee_training_xblock", "static", "js", "translations", f"{language}.js"),
              encoding="utf-8") as handle:
        assert handle.read() == built, "run make compile_translations"
    assert "FeeTrainingI18N" in built and "django.pluralidx" in built


def test_the_catalogues_hold_every_message_of_the_code():
    """The same check as `make check_translations_up_to_date`: extraction (GNU xgettext) in a copy of the package."""
    assert pipeline().problems() == []


def test_scripts_never_show_english_of_their_own():
    """Every sentence a script shows goes through gettext, ngettext or pgettext (the JavaScript catalogue)."""
    folder = os.path.join(ROOT, "fee_training_xblock", "static", "js")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".js"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            code = re.sub(r"/\*.*?\*/|//[^\n]*", "", handle.read(), flags=re.S)
        literal = r'"(?:[^"\\\n]|\\.)*"'
        code = re.sub(rf"\b(?:p|n)?gettext\((?:\s*{literal}\s*[,+]?)+", "", code)  # translated: fine
        sentences = [text for text in re.findall(literal, code)
                     if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text) and text != "\"use strict\""]
        assert sentences == [], name
