"""Tutor hooks of the plugin: config defaults, template helpers and the patches.

Tutor imports this module when the plugin is enabled (entry point ``tutor.plugin.v1``);
every hook registered here is then tied to the plugin and disappears when it is disabled.
"""
from importlib import resources

from tutor import hooks

from .config import config_defaults
from .filter_steps import FILTER_STEPS
from .rendering import fee_training_settings, python_literal, shell_quote

hooks.Filters.CONFIG_DEFAULTS.add_items(config_defaults())

# Names carry the plugin prefix: Tutor's template filters and globals are one namespace
# shared by all plugins.
hooks.Filters.ENV_TEMPLATE_FILTERS.add_items(
    [
        ("fee_training_python", python_literal),
        ("fee_training_shell_quote", shell_quote),
    ]
)
hooks.Filters.ENV_TEMPLATE_VARIABLES.add_items(
    [
        ("fee_training_settings", fee_training_settings),
        ("fee_training_filter_steps", [list(step) for step in FILTER_STEPS]),
    ]
)


def patch_files():
    """(patch name, template text) for every file in the patches folder; the file name is the patch name."""
    folder = resources.files("tutorfeetraining") / "patches"
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir() if entry.is_file()
    )


hooks.Filters.ENV_PATCHES.add_items(patch_files())


@hooks.Filters.IMAGES_BUILD_REQUIRED.add()
def build_openedx_on_launch(image_names, context_name):
    """`tutor local launch` builds the openedx image: the stock image it would pull lacks the XBlock."""
    # `tutor dev launch` already builds openedx-dev, which starts from our openedx image stages.
    if context_name == "local" and "openedx" not in image_names:
        image_names.append("openedx")
    return image_names
