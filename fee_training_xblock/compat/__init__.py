"""The only door to edx-platform (and the libraries it brings, such as django-crum): always lazy.

Everything the plugin asks of the host platform goes through these names, so tests
can put stand-ins where the LMS's modules would be and the rest of the package never
imports edx-platform (an import-linter contract checks it). The functions live in:

- compat/platform.py: tracking, the current request, request caches, masquerade, course keys,
  a learner's chosen language;
- compat/courseware.py: partitions, the modulestore, roles, handler authentication,
  search, enrollment and grades;
- compat/urls.py: sign-in, the unit holding a block, the workbench scenario.
"""
from fee_training_xblock.compat.courseware import (  # noqa: F401
    administrative_access,
    authenticate_like_xblock_handler,
    course_masquerade,
    get_course,
    get_item,
    get_items_of_type,
    is_enrolled,
    is_masquerading_as_specific_student,
    lms_search_result_processor_class,
    make_group,
    make_user_partition,
    masquerading_user_group,
    modulestore,
    partition_scheme,
    partitions_module,
    published_block_fields,
    recalculate_grades_for_user,
    user_role,
)
from fee_training_xblock.compat.platform import (  # noqa: F401
    EdxPlatformUnavailable,
    clear_request_cache,
    course_key,
    current_request,
    emit_tracking_event,
    is_masquerading,
    publish_from_webhook,
    request_cache,
    user_language,
    user_retirement_signal,
)
from fee_training_xblock.compat.urls import (  # noqa: F401
    WORKBENCH_COURSE_PREFIX,
    is_workbench_course,
    lms_root_url,
    sign_in_url,
    unit_url,
)
