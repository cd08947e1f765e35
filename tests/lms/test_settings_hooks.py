"""The production settings hook: the LMS wiring is complete, idempotent, and keeps what others configured.

The LMS loads plugin settings last in lms/envs/production.py (openedx-platform @ 0217ff87),
after its own `XBLOCK_FIELD_DATA_WRAPPERS +=` and `MODULESTORE_FIELD_OVERRIDE_PROVIDERS +=`;
lms/envs/common.py (@ 0191bfd2) ships MODULESTORE_FIELD_OVERRIDE_PROVIDERS as a tuple and
MIDDLEWARE as a list; YAML may turn either into a list. OPEN_EDX_FILTERS_CONFIG entries
may be a dict, a list or a string (openedx_filters/tooling.py). edx-platform cannot be
installed here: the hook runs on plain settings objects.
"""
from types import SimpleNamespace

import pytest

from fee_training_xblock.settings import lms as wiring
from fee_training_xblock.settings.production import plugin_settings

CTG = "openedx.features.content_type_gating.field_override.ContentTypeGatingFieldOverride"
SELF_PACED = "lms.djangoapps.courseware.self_paced_overrides.SelfPacedDateOverrideProvider"
OTHER_STEP = "other_plugin.filters.Step"


def lms_settings(**overrides):
    """Settings as lms/envs/production.py leaves them before plugins run."""
    values = {
        "ROOT_URLCONF": "lms.urls",
        "SERVICE_VARIANT": "lms",
        "MODULESTORE_FIELD_OVERRIDE_PROVIDERS": (CTG, SELF_PACED),
        "XBLOCK_FIELD_DATA_WRAPPERS": (wiring.MODULESTORE_WRAPPER,),
        "MIDDLEWARE": ["django.contrib.sessions.middleware.SessionMiddleware", "other.Middleware"],
        "OPEN_EDX_FILTERS_CONFIG": {},
        "SEARCH_RESULT_PROCESSOR": wiring.LMS_SEARCH_PROCESSOR,
        "FEE_TRAINING": {"PAYMENTS_ENABLED": True},
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def snapshot(settings):
    """Every setting's value."""
    return {name: getattr(settings, name) for name in vars(settings)}


def test_the_hook_wires_everything_in_the_lms():
    settings = lms_settings()
    plugin_settings(settings)
    assert settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS == (wiring.OVERRIDE_PROVIDER, CTG, SELF_PACED)
    assert settings.XBLOCK_FIELD_DATA_WRAPPERS == (wiring.MODULESTORE_WRAPPER,)
    assert settings.MIDDLEWARE[-1] == wiring.MIDDLEWARE_CLASS and "other.Middleware" in settings.MIDDLEWARE
    assert settings.OPEN_EDX_FILTERS_CONFIG == {
        wiring.RENDER_FILTER: {"pipeline": [wiring.RENDER_STEP], "fail_silently": False},
    }
    assert settings.SEARCH_RESULT_PROCESSOR == wiring.SEARCH_PROCESSOR
    assert settings.FEE_TRAINING == {"PAYMENTS_ENABLED": True}


def test_running_twice_changes_nothing():
    settings = lms_settings()
    plugin_settings(settings)
    once = snapshot(settings)
    plugin_settings(settings)
    assert snapshot(settings) == once


def test_wrapper_is_added_when_missing_and_lists_stay_lists():
    settings = lms_settings(XBLOCK_FIELD_DATA_WRAPPERS=[], MODULESTORE_FIELD_OVERRIDE_PROVIDERS=[CTG, wiring.OVERRIDE_PROVIDER])
    wiring.wire_lms(settings)
    assert settings.XBLOCK_FIELD_DATA_WRAPPERS == [wiring.MODULESTORE_WRAPPER]
    assert settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS == [wiring.OVERRIDE_PROVIDER, CTG]


def test_missing_settings_are_created():
    settings = SimpleNamespace(ROOT_URLCONF="lms.urls")
    wiring.wire_lms(settings)
    assert settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS == [wiring.OVERRIDE_PROVIDER]
    assert settings.MIDDLEWARE == [wiring.MIDDLEWARE_CLASS]
    assert settings.SEARCH_RESULT_PROCESSOR == wiring.SEARCH_PROCESSOR


@pytest.mark.parametrize("existing, expected_pipeline, expected_silent", [
    ({"pipeline": [OTHER_STEP], "fail_silently": True}, [wiring.RENDER_STEP, OTHER_STEP], True),
    ([OTHER_STEP], [wiring.RENDER_STEP, OTHER_STEP], True),
    (OTHER_STEP, [wiring.RENDER_STEP, OTHER_STEP], True),
    ({"pipeline": ["fee_training_xblock.lms.filters.StopPaidXBlockRender", OTHER_STEP], "fail_silently": False},
     [wiring.RENDER_STEP, OTHER_STEP], False),
])
def test_filter_config_merges_into_an_existing_entry(existing, expected_pipeline, expected_silent):
    other_filter = {"org.openedx.learning.course.enrollment.started.v1": {"pipeline": ["x.Y"], "fail_silently": False}}
    settings = lms_settings(OPEN_EDX_FILTERS_CONFIG={wiring.RENDER_FILTER: existing, **other_filter})
    wiring.wire_lms(settings)
    entry = settings.OPEN_EDX_FILTERS_CONFIG[wiring.RENDER_FILTER]
    assert entry["pipeline"] == expected_pipeline and entry["fail_silently"] is expected_silent
    assert settings.OPEN_EDX_FILTERS_CONFIG["org.openedx.learning.course.enrollment.started.v1"] == other_filter[
        "org.openedx.learning.course.enrollment.started.v1"]


def test_extra_keys_of_an_entry_are_kept_and_the_original_dict_is_not_mutated():
    original = {wiring.RENDER_FILTER: {"pipeline": [OTHER_STEP], "fail_silently": True, "log_level": "debug"}}
    settings = lms_settings(OPEN_EDX_FILTERS_CONFIG=original)
    wiring.wire_lms(settings)
    assert settings.OPEN_EDX_FILTERS_CONFIG[wiring.RENDER_FILTER]["log_level"] == "debug"
    assert original[wiring.RENDER_FILTER]["pipeline"] == [OTHER_STEP]


def test_the_legacy_vertical_child_step_is_removed():
    legacy = "org.openedx.learning.vertical_block_child.render.started.v1"
    settings = lms_settings(OPEN_EDX_FILTERS_CONFIG={
        legacy: {"pipeline": ["fee_training_xblock.lms.filters.StopPaidChildRender"], "fail_silently": False},
    })
    wiring.wire_lms(settings)
    assert legacy not in settings.OPEN_EDX_FILTERS_CONFIG
    shared = lms_settings(OPEN_EDX_FILTERS_CONFIG={legacy: ["fee_training_xblock.lms.filters.StopPaidChildRender", OTHER_STEP]})
    wiring.wire_lms(shared)
    assert shared.OPEN_EDX_FILTERS_CONFIG[legacy]["pipeline"] == [OTHER_STEP]


def test_a_custom_search_processor_is_left_alone(caplog):
    settings = lms_settings(SEARCH_RESULT_PROCESSOR="custom.Processor")
    wiring.wire_lms(settings)
    assert settings.SEARCH_RESULT_PROCESSOR == "custom.Processor"
    assert "courseware search results are filtered only by the course structure" in caplog.text


def test_studio_is_not_touched():
    settings = lms_settings(ROOT_URLCONF="cms.urls", SERVICE_VARIANT="cms")
    before = snapshot(settings)
    plugin_settings(settings)
    after = snapshot(settings)
    ours = ("FEE_TRAINING", "LOCALE_PATHS")  # the plugin's settings and its translations, in Studio too
    assert {k: v for k, v in after.items() if k not in ours} == {k: v for k, v in before.items() if k not in ours}
    assert list(settings.LOCALE_PATHS)[-1].endswith("fee_training_xblock/conf/locale")
