"""The rendered filters patch appends our steps to other plugins' pipelines, once, keeping their options.

The patch is executed the way Django executes a settings module: as module code in a
namespace that already holds what earlier settings (and other plugins) defined.
"""
import pytest
from tutorfeetraining.filter_steps import FILTER_STEPS

XBLOCK_RENDER, OUR_XBLOCK_STEP = FILTER_STEPS[0]
OTHER_FILTER = "org.openedx.learning.course.enrollment.started.v1"


@pytest.fixture(scope="module")
def merge_code(plugin_only_root):
    """The rendered openedx-lms-common-settings patch (only our plugin is enabled there)."""
    code = plugin_only_root.patch("openedx-lms-common-settings")
    assert "OPEN_EDX_FILTERS_CONFIG" in code
    return compile(code, "openedx-lms-common-settings", "exec")


def settle(merge_code, existing, times=1):
    """OPEN_EDX_FILTERS_CONFIG after running the patch `times` times on top of `existing`."""
    namespace = {} if existing is None else {"OPEN_EDX_FILTERS_CONFIG": existing}
    for _ in range(times):
        exec(merge_code, namespace)  # pylint: disable=exec-used
    assert "_fee_training_merge_filters" not in namespace
    return namespace["OPEN_EDX_FILTERS_CONFIG"]


def other_plugins_config():
    """What another plugin configured: a step on one of our filters (fail-silent, extra option) and another filter."""
    return {
        XBLOCK_RENDER: {"pipeline": ["other_plugin.filters.Watermark"], "fail_silently": True, "log_level": "debug"},
        OTHER_FILTER: {"pipeline": ["other_plugin.filters.CheckSeat"], "fail_silently": False},
    }


@pytest.mark.parametrize("times", [1, 2])
def test_other_pipelines_survive_and_ours_appear_once(merge_code, times):
    config = settle(merge_code, other_plugins_config(), times)
    assert config[XBLOCK_RENDER] == {
        "pipeline": ["other_plugin.filters.Watermark", OUR_XBLOCK_STEP], "fail_silently": True, "log_level": "debug",
    }
    assert config[OTHER_FILTER] == other_plugins_config()[OTHER_FILTER]


def test_the_existing_settings_object_is_not_mutated(merge_code):
    existing = other_plugins_config()
    settle(merge_code, existing)
    assert existing == other_plugins_config()


@pytest.mark.parametrize("existing", [None, {}])
def test_without_earlier_config_our_pipelines_fail_closed(merge_code, existing):
    assert settle(merge_code, existing) == {
        XBLOCK_RENDER: {"pipeline": [OUR_XBLOCK_STEP], "fail_silently": False},
    }


def test_list_and_single_path_forms_are_kept(merge_code):
    config = settle(merge_code, {XBLOCK_RENDER: ["other.A", "other.B"], OTHER_FILTER: "other.C"}, times=2)
    # No fail_silently key: openedx-filters' default for these forms (True) stays in force.
    assert config[XBLOCK_RENDER] == {"pipeline": ["other.A", "other.B", OUR_XBLOCK_STEP]}
    assert config[OTHER_FILTER] == "other.C"  # a filter we do not touch keeps its form
    config = settle(merge_code, {XBLOCK_RENDER: "other.D"})
    assert config[XBLOCK_RENDER] == {"pipeline": ["other.D", OUR_XBLOCK_STEP]}


def test_steps_an_operator_already_listed_are_not_added_again(merge_code):
    by_hand = {XBLOCK_RENDER: {"pipeline": [OUR_XBLOCK_STEP, "other.After"], "fail_silently": False}}
    assert settle(merge_code, by_hand)[XBLOCK_RENDER]["pipeline"] == [OUR_XBLOCK_STEP, "other.After"]


def test_filters_can_be_switched_off(fresh_root):
    fresh_root.save(FILTERS_ENABLED="false")
    assert "OPEN_EDX_FILTERS_CONFIG" not in fresh_root.patch("openedx-lms-common-settings")
