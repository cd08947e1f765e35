"""Templates and static files of the package: compiled or read once per process, rendered in the viewer's language.

Why not xblock.utils.resources.ResourceLoader: on every render it reads the template
file, asks Django for the template-tag libraries of every installed app (an import
attempt per app: hundreds in an LMS) and compiles the template; its `trans` tag then
builds a fresh translation catalogue per tag. Here a template is compiled once by an
engine that knows only Django's own i18n tags, and the text is translated at render
time, so one compiled template serves every language.

Translations: `{% trans %}` uses Django's catalogue of the active language (the LMS
activates the learner's). When the block's i18n service carries its own catalogue
(an XBlock shipping translations), its messages win for the duration of the render,
as the XBlock i18n tags' merge did, but only in this thread: the active translation
is swapped, never the process-wide catalogue.
"""
import functools
import importlib.resources
from contextlib import contextmanager

from django.conf import settings
from django.template import Context, Engine
from django.utils.translation import trans_real

PACKAGE = "fee_training_xblock"
# The one tag library our templates load; no discovery over installed apps.
LIBRARIES = {"i18n": "django.templatetags.i18n"}


@functools.cache
def _engine():
    """The template engine, built once (lazily: Django settings must be ready)."""
    return Engine(libraries=LIBRARIES)


def _read(path):
    """Text of a file of the package (templates/ and static/ live at its root)."""
    return importlib.resources.files(PACKAGE).joinpath(path).read_text(encoding="utf-8")


@functools.cache
def compiled(name):
    """templates/<name> compiled, once per process (restart the process to pick up an edited template)."""
    return _engine().from_string(_read(f"templates/{name}"))


@functools.cache
def static_text(path):
    """The text of static/<path> (CSS or JavaScript to inline into a fragment), read once per process."""
    return _read(f"static/{path}")


def render(name, context, i18n_service=None):
    """HTML of templates/<name> rendered with `context`, translated for the viewer."""
    with block_translations(i18n_service):
        return compiled(name).render(Context(context))


class _BlockFirst:
    """A translation object: the block's own catalogue first, then Django's of the active language."""

    def __init__(self, block_catalogue, fallback):
        self._block, self._fallback = block_catalogue, fallback

    def gettext(self, message):
        """The block's translation of `message`, else Django's (pgettext arrives here with its context prefix)."""
        text = self._block.gettext(message)
        return text if text != message else self._fallback.gettext(message)

    def ngettext(self, singular, plural, number):
        """The block's plural form, else Django's."""
        text = self._block.ngettext(singular, plural, number)
        return text if text != (singular if number == 1 else plural) else self._fallback.ngettext(
            singular, plural, number)

    def __getattr__(self, name):
        return getattr(self._fallback, name)  # to_language(), plural, ...: the active language's


@contextmanager
def block_translations(i18n_service):
    """While rendering, let the i18n service's own catalogue (if it has one) translate before Django's.

    A service without a catalogue of its own (the LMS's when the XBlock ships no
    translations, the workbench's, NullI18nService) changes nothing: Django's
    catalogue of the active language translates.
    """
    if not isinstance(getattr(i18n_service, "_catalog", None), dict):
        yield
        return
    # trans_real._active is Django's per-thread (per-task) active translation; there is no public
    # way to activate a translation object, only a language code.
    active = trans_real._active  # pylint: disable=protected-access
    previous = getattr(active, "value", None)
    active.value = _BlockFirst(i18n_service, previous or trans_real.translation(settings.LANGUAGE_CODE))
    try:
        yield
    finally:
        if previous is None:
            del active.value
        else:
            active.value = previous
