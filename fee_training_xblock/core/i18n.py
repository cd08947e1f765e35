"""Translations: the block's messages, the JavaScript catalogue of a page, the language of an email's recipient.

The catalogues live in the package, under conf/locale/<locale>/LC_MESSAGES/ (README
"Translations"). Three hosts read them:

- Django (admin, emails, management commands, the paywall page): django.mo, found
  through LOCALE_PATHS (settings.common adds the folder, after the LMS's own).
- The LMS's XBlockI18nService: the same catalogue as text.mo under translations/
  (a link to conf/locale), the pre-OEP-58 place; or, when the operator pulled
  translations with atlas, conf/plugins-locale/xblock.v1/fee_training_xblock/ in the LMS.
- The browser: djangojs.po compiled to static/js/translations/<locale>.js, a Django
  JavaScript catalogue in the FeeTrainingI18N namespace (the block's i18n_js_namespace),
  unless the LMS serves its own compiled one (OEP-58: get_javascript_i18n_catalog_url).

A block translates with its i18n service's own catalogue first (the LMS found
text.mo or an atlas catalogue), then with Django's catalogue of the active language:
the workbench's and XBlock's NullI18nService translate nothing, and the LMS's service
without a catalogue of its own is Django's anyway. Templates follow the same rule
(core.rendering), so a page and its handlers' replies speak one language.
"""
import functools
import importlib.resources
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from fee_training_xblock import compat

PACKAGE = "fee_training_xblock"
#: Where `make compile_translations` writes the JavaScript catalogues (<locale>.js) inside the package.
JS_CATALOG_FOLDER = "static/js/translations"
#: The global the JavaScript catalogue defines (gettext, ngettext, interpolate) and the block's scripts read.
JS_NAMESPACE = "FeeTrainingI18N"


class BlockFirst:
    """A translator: the block's own catalogue (a GNUTranslations) first, then `fallback` (Django's)."""

    def __init__(self, catalogue, fallback):
        self._catalogue, self._fallback = catalogue, fallback

    def gettext(self, message):
        """The block's translation of `message`, else the fallback's."""
        text = self._catalogue.gettext(message)
        return text if text != message else self._fallback.gettext(message)

    def ngettext(self, singular, plural, number):
        """The block's plural form for `number`, else the fallback's."""
        text = self._catalogue.ngettext(singular, plural, number)
        return text if text != (singular if number == 1 else plural) else self._fallback.ngettext(
            singular, plural, number)

    def pgettext(self, context, message):
        """The block's translation of `message` in `context`, else the fallback's."""
        text = self._catalogue.pgettext(context, message)
        return text if text != message else self._fallback.pgettext(context, message)


def has_own_catalogue(i18n_service):
    """True when the i18n service translates with a catalogue of its own (the LMS found ours)."""
    return isinstance(getattr(i18n_service, "_catalog", None), dict)


def translator(i18n_service):
    """What a block translates with: gettext, ngettext and pgettext (see the module docstring)."""
    return BlockFirst(i18n_service, translation) if has_own_catalogue(i18n_service) else translation


def locale_candidates(language):
    """Catalogue names to try for a Django language code: 'pt-br' -> pt_BR, pt-br, pt."""
    if not language:
        return ()
    names = [translation.to_locale(language), language, language.split("-")[0]]
    return tuple(dict.fromkeys(names))


@functools.cache
def bundled_js_catalog(language):
    """The text of our compiled JavaScript catalogue for `language`, or None (English needs none)."""
    folder = importlib.resources.files(PACKAGE).joinpath(JS_CATALOG_FOLDER)
    for name in locale_candidates(language):
        path = folder.joinpath(f"{name}.js")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def js_catalog(block, i18n_service):
    """The JavaScript catalogue of the viewer's language: ("url", address) or ("js", text), or None.

    The LMS's compiled catalogue (OEP-58: the operator pulled and compiled translations)
    comes first, as a URL; otherwise the one shipped in this package, inlined like the
    block's other scripts. Nothing for English: the scripts fall back to their own text.
    """
    catalogue_url = getattr(i18n_service, "get_javascript_i18n_catalog_url", None)
    url = catalogue_url(block) if callable(catalogue_url) else None
    if url:
        return "url", url
    text = bundled_js_catalog(translation.get_language())
    return ("js", text) if text else None


def add_js_catalog(block, i18n_service, fragment):
    """Put the viewer's JavaScript catalogue into `fragment` (call it before the scripts that use it)."""
    found = js_catalog(block, i18n_service)
    if found is not None:
        kind, value = found
        (fragment.add_javascript_url if kind == "url" else fragment.add_javascript)(value)


def recipient_language(user_key=None):
    """The language to write to a learner in: the one they chose in the LMS, else the site's default."""
    return compat.user_language(user_key) or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user_key=None):
    """Translate into the recipient's language while composing an email (a webhook or a task has no viewer)."""
    with translation.override(recipient_language(user_key)):
        yield
