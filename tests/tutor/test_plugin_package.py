"""The plugin package: its version, its filter-step names, its wheel and its README stay in step."""
import importlib
import inspect
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from openedx_filters import PipelineStep
from openedx_filters.learning import filters as learning_filters
from tutor.exceptions import TutorError
from tutorfeetraining.config import config_defaults
from tutorfeetraining.filter_steps import FILTER_STEPS
from tutorfeetraining.rendering import python_literal, shell_quote

import fee_training_xblock
from tests.tutor.support import PLUGIN_SOURCE, plugin_version


def test_plugin_version_is_the_xblock_version():
    # The default PIP_SPEC pins this version: a plugin release must install its own XBlock.
    assert plugin_version() == fee_training_xblock.__version__


@pytest.mark.parametrize("filter_type,step_path", FILTER_STEPS)
def test_filter_steps_name_real_classes_and_filters(filter_type, step_path):
    module_name, class_name = step_path.rsplit(".", 1)
    step = getattr(importlib.import_module(module_name), class_name)
    assert issubclass(step, PipelineStep)
    known = {cls.filter_type for _, cls in inspect.getmembers(learning_filters, inspect.isclass)
             if isinstance(getattr(cls, "filter_type", None), str)}
    assert filter_type in known


def test_readme_documents_every_config_value():
    readme = (PLUGIN_SOURCE / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(FEE_TRAINING_[A-Z_]+)`", readme, flags=re.MULTILINE))
    assert documented == {name for name, _ in config_defaults()}


@pytest.mark.parametrize("value", ["plain", "q\"uo'te\\slash", "line\nbreak", "zażółć", 45, True, None,
                                   {"A": [1, "b"]}])
def test_python_literal_reads_back_as_the_same_value(value):
    assert eval(python_literal(value)) == value  # pylint: disable=eval-used


def test_python_literal_refuses_objects_without_showing_them():
    with pytest.raises(TutorError) as raised:
        python_literal(object(), name="FEE_TRAINING_X")
    assert "FEE_TRAINING_X" in str(raised.value) and "<object" not in str(raised.value)


def test_shell_quote_makes_one_word():
    assert shell_quote("a b'c;d") == "'a b'\"'\"'c;d'"


def test_wheel_ships_the_patches_and_the_entry_point(tmp_path):
    # Built from a copy, as pip builds it for an operator (isolated, with the backend pyproject.toml
    # names): building in place would leave build/ and .egg-info folders in the checkout.
    source = shutil.copytree(PLUGIN_SOURCE, tmp_path / "source",
                             ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )
    wheel = zipfile.ZipFile(next(tmp_path.glob("tutor_contrib_fee_training-*.whl")))
    names = wheel.namelist()
    for patch in (PLUGIN_SOURCE / "tutorfeetraining" / "patches").iterdir():
        assert f"tutorfeetraining/patches/{patch.name}" in names
    entry_points = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[tutor.plugin.v1]" in entry_points and "feetraining = tutorfeetraining.plugin" in entry_points
