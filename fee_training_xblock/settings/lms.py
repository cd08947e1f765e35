"""Wiring the paid-content gate into the LMS settings (called by the production settings hook).

The LMS loads plugin settings at the very end of lms/envs/production.py
(`add_plugins(__name__, ProjectType.LMS, SettingsType.PRODUCTION)`), after the
YAML and after its own `+=` on these lists, so the values set here are final.
Development settings (lms/envs/devstack.py) import production.py and run this too.

Every change is idempotent (running it twice changes nothing) and keeps what
operators and other plugins put there; lists stay lists and tuples stay tuples.
Only strings are handled here: nothing of the plugin or the LMS is imported.
"""
import logging

log = logging.getLogger(__name__)

OVERRIDE_PROVIDER = "fee_training_xblock.lms.overrides.FeeGateFieldOverride"
MODULESTORE_WRAPPER = "lms.djangoapps.courseware.field_overrides:OverrideModulestoreFieldData.wrap"
MIDDLEWARE_CLASS = "fee_training_xblock.lms.middleware.FeeContentHandlerMiddleware"
RENDER_FILTER = "org.openedx.learning.xblock.render.started.v1"
RENDER_STEP = "fee_training_xblock.lms.filters.FeeRenderGate"
SEARCH_PROCESSOR = "fee_training_xblock.lms.search.FeeAwareSearchResultProcessor"
LMS_SEARCH_PROCESSOR = "lms.lib.courseware_search.lms_result_processor.LmsSearchResultProcessor"

# Steps of earlier versions of this plugin; the modules no longer define them,
# and a pipeline naming a missing step fails (or is skipped) on every render.
LEGACY_STEPS = {
    RENDER_FILTER: "fee_training_xblock.lms.filters.StopPaidXBlockRender",
    "org.openedx.learning.vertical_block_child.render.started.v1":
        "fee_training_xblock.lms.filters.StopPaidChildRender",
}


def is_lms(settings):
    """True for the LMS's settings module (the plugin's hooks also run in Studio, which must stay untouched)."""
    return getattr(settings, "ROOT_URLCONF", None) == "lms.urls" or getattr(settings, "SERVICE_VARIANT", None) == "lms"


def _same_kind(original, items):
    return tuple(items) if isinstance(original, tuple) else list(items)


def put_first(settings, name, value):
    """Make `value` the first entry of the list setting `name`, keeping every other entry in order."""
    current = getattr(settings, name, None)
    current = [] if current is None else current
    setattr(settings, name, _same_kind(current, [value] + [item for item in current if item != value]))


def append_once(settings, name, value):
    """Add `value` at the end of the list setting `name` unless it is already there."""
    current = getattr(settings, name, None)
    current = [] if current is None else current
    if value not in current:
        setattr(settings, name, _same_kind(current, list(current) + [value]))


def _as_filter_entry(entry):
    """A filter configuration in its dict form (openedx-filters also accepts a list or a single string)."""
    if isinstance(entry, dict):
        copied = dict(entry)
        copied["pipeline"] = list(copied.get("pipeline", []))
        return copied
    if isinstance(entry, (list, tuple)):
        return {"pipeline": list(entry), "fail_silently": True}
    if isinstance(entry, str):
        return {"pipeline": [entry], "fail_silently": True}
    return None


def merge_filters_config(settings):
    """Put our RenderXBlockStarted step first in OPEN_EDX_FILTERS_CONFIG without losing other pipelines."""
    config = dict(getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None) or {})
    for filter_type, legacy in LEGACY_STEPS.items():
        entry = _as_filter_entry(config.get(filter_type))
        if entry and legacy in entry["pipeline"]:
            entry["pipeline"] = [step for step in entry["pipeline"] if step != legacy]
            config[filter_type] = entry
            if not entry["pipeline"] and filter_type != RENDER_FILTER:
                del config[filter_type]
    entry = _as_filter_entry(config.get(RENDER_FILTER))
    if entry is None:
        # Our step fails open by itself only on internal errors; other steps keep their own choice.
        entry = {"pipeline": [], "fail_silently": False}
    if RENDER_STEP not in entry["pipeline"]:
        # First, so another step's custom response cannot show closed content.
        entry["pipeline"].insert(0, RENDER_STEP)
    config[RENDER_FILTER] = entry
    settings.OPEN_EDX_FILTERS_CONFIG = config


def use_search_processor(settings):
    """Install our search result processor when the LMS default is configured; keep anything custom."""
    current = getattr(settings, "SEARCH_RESULT_PROCESSOR", None)
    if current in (None, LMS_SEARCH_PROCESSOR):
        settings.SEARCH_RESULT_PROCESSOR = SEARCH_PROCESSOR
    elif current != SEARCH_PROCESSOR:
        log.warning(
            "SEARCH_RESULT_PROCESSOR is %s: courseware search results are filtered only by the course structure. "
            "See docs/lms-gating.md.", current,
        )


def wire_lms(settings):
    """Apply every LMS setting the paid-content gate needs (idempotent)."""
    put_first(settings, "MODULESTORE_FIELD_OVERRIDE_PROVIDERS", OVERRIDE_PROVIDER)
    append_once(settings, "XBLOCK_FIELD_DATA_WRAPPERS", MODULESTORE_WRAPPER)
    append_once(settings, "MIDDLEWARE", MIDDLEWARE_CLASS)
    merge_filters_config(settings)
    use_search_processor(settings)
