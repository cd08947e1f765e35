"""A dummy language built from the English source catalogues, as edx-i18n-tools' `i18n_tool dummy` does.

Every letter of every message is swapped for an accented one (placeholders, HTML tags and
entities are kept), so a page rendered in this language shows plain ASCII words only where
a text never went through the catalogue: `english_words` finds them.
"""
import html
import os
import re
from html.parser import HTMLParser

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE_DIR = os.path.join(ROOT, "fee_training_xblock", "conf", "locale", "en", "LC_MESSAGES")
#: Esperanto, as edx-i18n-tools uses it: a language Django knows that no site serves.
LANGUAGE = "eo"

_ACCENTED = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     "àƀçđéƒĝĥïĵķłɱñöṗʠřšŧüṽŵẋýžÀƁÇĐÉƑĜĤÏĴĶŁṀÑÖṖɊŘŠŦÜṼŴẊÝŽ", strict=True))
# Kept as they are: {name} and {name:spec}, %(name)s, %s / %d, HTML tags and entities.
_KEEP = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sd]|%[sd]|<[^>]*>|&[#\w]+;")


def accented(text):
    """`text` with every ASCII letter outside placeholders, tags and entities accented."""
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append("".join(_ACCENTED.get(char, char) for char in text[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append("".join(_ACCENTED.get(char, char) for char in text[last:]))
    return "".join(parts)


def build(locale_dir):
    """Write <locale_dir>/eo/LC_MESSAGES/{django,djangojs}.mo: every source message, accented."""
    folder = os.path.join(locale_dir, LANGUAGE, "LC_MESSAGES")
    os.makedirs(folder, exist_ok=True)
    for domain in ("django", "djangojs"):
        catalogue = polib.pofile(os.path.join(SOURCE_DIR, f"{domain}.po"))
        catalogue.metadata["Language"] = LANGUAGE
        catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        catalogue.metadata_is_fuzzy = False
        for entry in catalogue:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: accented(entry.msgid), 1: accented(entry.msgid_plural)}
            else:
                entry.msgstr = accented(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.save_as_mofile(os.path.join(folder, f"{domain}.mo"))
    return locale_dir


class _VisibleText(HTMLParser):
    """Text a person reads on a page: text nodes and the attributes shown or spoken, not scripts or styles."""

    SPOKEN = ("aria-label", "placeholder", "title", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        values = dict(attrs)
        self.texts.extend(values[name] for name in self.SPOKEN if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def visible_text(markup):
    """The words of an HTML page a person reads or hears, one string."""
    parser = _VisibleText()
    parser.feed(markup)
    return " ".join(parser.texts)


#: Not words of ours: web addresses, email addresses, ids and keys, amounts, dates and times.
_NOT_WORDS = re.compile(r"https?://\S*|[\w.+-]+@[\w.-]+|\b\w*[_:/\d]\w*[_:/\d\w]*\b|\$[\d.,]+")


def english_words(text, allowed=()):
    """ASCII words of two letters or more left in `text` (untranslated), less the `allowed` ones (names, codes)."""
    text = _NOT_WORDS.sub(" ", html.unescape(text))
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sorted({word for word in words if word not in set(allowed)})
