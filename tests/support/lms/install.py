"""Registers the stand-ins under the LMS's module names (and the two third-party ones the LMS brings).

`install()` is idempotent; `uninstall()` removes exactly what it added.
"""
import importlib
import sys
import types

# real dotted name -> stand-in module in this package
STAND_INS = {
    "xmodule.partitions.partitions": "partitions",
    "xmodule.partitions.partitions_service": "partitions_service",
    "openedx.core.lib.dynamic_partitions_generators": "partitions_service",
    "xmodule.modulestore.django": "modulestore",
    "xmodule.modulestore.exceptions": "modulestore",
    "lms.djangoapps.courseware.field_overrides": "field_overrides",
    "lms.djangoapps.lms_xblock.mixin": "lms_mixin",
    "lms.djangoapps.courseware.masquerade": "masquerade",
    "lms.djangoapps.courseware.access": "access",
    "lms.djangoapps.courseware.block_render": "block_render",
    "lms.djangoapps.courseware.views.views": "views",
    "lms.djangoapps.course_blocks.api": "course_blocks",
    "lms.djangoapps.course_blocks.transformers.user_partitions": "course_blocks",
    "lms.lib.courseware_search.lms_result_processor": "search",
    "openedx.core.lib.api.authentication": "auth",
    "edx_rest_framework_extensions.auth.jwt.authentication": "auth",
    "edx_django_utils.cache": "request_cache",
    "openedx.features.content_type_gating.field_override": "ctg_override",
    "openedx.core.lib.session_serializers": "sessions",
    "common.djangoapps.student.models": "student_and_grades",
    "lms.djangoapps.grades.tasks": "student_and_grades",
    "openedx.core.djangoapps.user_api.accounts.signals": "user_api_signals",
    "openedx.core.djangoapps.user_api.models": "user_preferences",
    "crum": "crum",
}
_ADDED = []


def _ensure_parents(dotted):
    parts = dotted.split(".")
    for depth in range(1, len(parts)):
        name = ".".join(parts[:depth])
        if name not in sys.modules:
            package = types.ModuleType(name, "Stand-in package for the LMS (tests/support/lms).")
            package.__path__ = []
            sys.modules[name] = package
            _ADDED.append(name)
        if depth > 1:
            setattr(sys.modules[".".join(parts[:depth - 1])], parts[depth - 1], sys.modules[name])


def install():
    """Make every real dotted name import its stand-in."""
    for dotted, local in STAND_INS.items():
        if dotted in sys.modules:
            continue
        _ensure_parents(dotted)
        module = importlib.import_module(f"{__package__}.{local}")
        sys.modules[dotted] = module
        _ADDED.append(dotted)
        if "." in dotted:
            parent, _, leaf = dotted.rpartition(".")
            setattr(sys.modules[parent], leaf, module)


def uninstall():
    """Remove what install() added."""
    while _ADDED:
        sys.modules.pop(_ADDED.pop(), None)
