"""The openedx image installs the XBlock from FEE_TRAINING_PIP_SPEC, after edx-platform's requirements."""
import json
import shlex

from tests.tutor.conftest import SWITCHES
from tests.tutor.support import plugin_version

DOCKERFILE = ("build", "openedx", "Dockerfile")


def install_lines(dockerfile):
    """The words after `install` on our RUN lines (the continuation line that names the spec)."""
    return [shlex.split(line.split(" install ", 1)[1]) for line in dockerfile.splitlines()
            if line.strip().startswith("${PIP_COMMAND:-pip} install")]


def test_the_operator_spec_is_installed_once_after_platform_requirements(full_root):
    dockerfile = full_root.env_file(*DOCKERFILE)
    assert install_lines(dockerfile) == [[SWITCHES["PIP_SPEC"]]]
    assert dockerfile.index("requirements/edx/base.txt") < dockerfile.index(SWITCHES["PIP_SPEC"])


def test_default_spec_is_the_matching_release(fresh_root):
    fresh_root.run("config", "save")
    assert install_lines(fresh_root.env_file(*DOCKERFILE)) == [[f"fee-training-xblock=={plugin_version()}"]]


def test_spec_is_one_shell_word_whatever_it_holds(fresh_root):
    spec = "fee-training-xblock @ https://files.example.org/a b;echo oops.whl"
    fresh_root.save(PIP_SPEC=f"'{spec}'")
    assert install_lines(fresh_root.env_file(*DOCKERFILE)) == [[spec]]


def test_an_empty_spec_installs_nothing(fresh_root):
    # For operators who list the package in OPENEDX_EXTRA_PIP_REQUIREMENTS instead.
    fresh_root.save(PIP_SPEC="''")
    assert install_lines(fresh_root.env_file(*DOCKERFILE)) == []


LAUNCH_BUILDS = """
import json
from tutor import hooks, plugins
hooks.Actions.CORE_READY.do()
plugins.load("feetraining")
print(json.dumps(hooks.Filters.IMAGES_BUILD_REQUIRED.apply([], "local")))
"""


def test_local_launch_builds_the_openedx_image(base_root):
    # Otherwise `tutor local launch` pulls the stock image, which has no XBlock in it.
    assert json.loads(base_root.python(LAUNCH_BUILDS)) == ["openedx"]
