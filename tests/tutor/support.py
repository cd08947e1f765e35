"""Run the real `tutor` command line on a scratch TUTOR_ROOT with this checkout's plugin.

The plugin is not pip-installed into the test virtualenv (setup.py's extras cannot name a
local folder). Instead each run gets PYTHONPATH with the plugin's source folder and a
minimal ``.dist-info`` built from tutor/pyproject.toml, which is all Tutor needs to find the
``tutor.plugin.v1`` entry point. An installed copy of the plugin does not interfere:
importlib.metadata keeps the first distribution of a name on the path, which is ours.
"""
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLUGIN_SOURCE = REPO / "tutor"
PLUGIN_NAME = "feetraining"
TUTOR = Path(sys.executable).with_name("tutor")


def plugin_version():
    """The plugin's version, read from tutorfeetraining/__about__.py as setuptools does."""
    text = (PLUGIN_SOURCE / "tutorfeetraining" / "__about__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def write_dist_info(folder):
    """Write the plugin's metadata and entry points (from pyproject.toml) into `folder`."""
    project = tomllib.loads((PLUGIN_SOURCE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    version = plugin_version()
    dist_info = Path(folder) / f"{project['name'].replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = []
    for group, points in project["entry-points"].items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {target}" for name, target in points.items())
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


class TutorRoot:
    """One TUTOR_ROOT folder and the environment `tutor` runs with; keeps every command's output."""

    def __init__(self, root, metadata_folder):
        """`root` becomes TUTOR_ROOT; `metadata_folder` holds the dist-info from write_dist_info()."""
        self.root = Path(root)
        self.outputs = []
        plugins_root = self.root / "file-plugins"
        plugins_root.mkdir(parents=True, exist_ok=True)
        self.environ = dict(os.environ)
        self.environ.pop("TUTOR_IGNORE_ENTRYPOINT_PLUGINS", None)
        self.environ.update({
            "TUTOR_ROOT": str(self.root),
            # An empty folder: a developer's own single-file plugins must not change the result.
            "TUTOR_PLUGINS_ROOT": str(plugins_root),
            "PYTHONPATH": os.pathsep.join([str(metadata_folder), str(PLUGIN_SOURCE)]),
        })

    def run(self, *args, check=True):
        """Run `tutor *args`; the CompletedProcess, with output kept for the no-secrets-in-logs test."""
        done = subprocess.run(
            [str(TUTOR), *args], env=self.environ, capture_output=True, text=True, timeout=120, check=False
        )
        self.outputs.append(done.stdout + done.stderr)
        if check and done.returncode != 0:
            raise AssertionError(f"tutor {' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def python(self, code):
        """Run Python `code` with Tutor's libraries in this root's environment; its stdout."""
        return subprocess.run(
            [sys.executable, "-c", code], env=self.environ, capture_output=True, text=True, timeout=120, check=True
        ).stdout

    def save(self, **values):
        """`tutor config save --set FEE_TRAINING_<NAME>=<value>` for each keyword."""
        sets = [item for name, value in values.items() for item in ("--set", f"FEE_TRAINING_{name}={value}")]
        return self.run("config", "save", *sets)

    def env_file(self, *parts):
        """Text of a rendered file under TUTOR_ROOT/env."""
        return self.root.joinpath("env", *parts).read_text(encoding="utf-8")

    def patch(self, name):
        """The rendered text of patch `name` (all enabled plugins' contributions)."""
        return self.run("config", "patches", "show", name).stdout
