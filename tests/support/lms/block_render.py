"""Stand-in for lms/djangoapps/courseware/block_render.py (P @ 5af5f01fa9480258a5001852cd7498fe3e4cd2fb).

Reproduced, in the order the LMS does it:
- `get_block_for_descriptor(user, request, block, field_data_cache, course_key, ...,
  course=None, will_recheck_access=False)`: prepares the shared runtime for the user
  (its `get_block_for_descriptor` now binds and access-checks every block it loads),
  binds the block with [OverrideFieldData.wrap(user, course), LmsFieldData], then,
  unless ``getattr(user, 'known', True)`` is False, answers None when
  ``has_access(user, 'load', block, course_key)`` denies (a block is kept with
  ``has_access_error`` only if the caller will recheck and the denial has a message).
- `get_block_by_usage_id(request, course_id, usage_id, ..., course=None, will_recheck_access=False)`:
  maps the key into the course, runs setup_masquerade with the staff check, raises
  Http404 when the block is None.
- `handle_xblock_callback(request, course_id, usage_id, handler, suffix=None)`:
  CSRF check for session users; otherwise JwtAuthentication then
  BearerAuthenticationAllowInactiveUser; anonymous non-GET -> 403 'Unauthenticated';
  ``request.user.known = request.user.is_authenticated``.
- `handle_xblock_callback_noauth(...)`: ``request.user.known = False``.
- `_invoke_xblock_handler`: aside keys resolve to the wrapped block; webob in and out.
- `xblock_view(request, course_id, usage_id, view_name)` (404 unless ENABLE_XBLOCK_VIEW_ENDPOINT).
Field data caches, tracking, file limits and proctoring are left out.
"""
from functools import partial

from django.conf import settings
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from opaque_keys import InvalidKeyError
from opaque_keys.edx.asides import AsideUsageKeyV1, AsideUsageKeyV2
from opaque_keys.edx.keys import CourseKey, UsageKey
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError
from xblock.field_data import SplitFieldData
from xblock.fields import Scope
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData

from tests.support.lms import auth
from tests.support.lms.access import get_user_role, has_access
from tests.support.lms.field_overrides import OverrideFieldData
from tests.support.lms.masquerade import setup_masquerade
from tests.support.lms.modulestore import ItemNotFoundError, modulestore
from tests.support.lms.partitions_service import PartitionService
from tests.support.lms.request_cache import DEFAULT_REQUEST_CACHE

STUDENT_DATA = KvsFieldData(DictKeyValueStore())  # courseware_studentmodule, in memory


def LmsFieldData(authored_data, student_data):  # pylint: disable=invalid-name
    """lms/djangoapps/lms_xblock/field_data.py: authored scopes from the content, user scopes from student data."""
    return SplitFieldData({
        Scope.content: authored_data, Scope.settings: authored_data, Scope.parent: authored_data,
        Scope.children: authored_data, Scope.user_state_summary: student_data, Scope.user_state: student_data,
        Scope.user_info: student_data, Scope.preferences: student_data,
    })


class DjangoXBlockUserService(UserService):
    """common/djangoapps/xblock_django/user_service.py: the current user with edx-platform.* attributes."""

    def __init__(self, django_user, user_is_staff=False, user_role=None):
        super().__init__()
        self._django_user, self._is_staff, self._role = django_user, user_is_staff, user_role

    def get_current_user(self):
        """The XBlockUser for the bound user."""
        user = XBlockUser(is_current_user=True)
        if self._django_user is not None and self._django_user.is_authenticated:
            user.opt_attrs.update({
                "edx-platform.user_id": self._django_user.id,
                "edx-platform.username": self._django_user.username,
                "edx-platform.is_authenticated": True,
                "edx-platform.user_is_staff": self._is_staff,
                "edx-platform.user_role": self._role,
            })
        return user


def prepare_runtime_for_user(user, runtime, course_id, course=None, will_recheck_access=False):
    """Bind the shared runtime to `user`: services, and an access-checking get_block_for_descriptor."""
    def inner_get_block(block):
        """get_block_for_descriptor with this user's settings."""
        return get_block_for_descriptor(user, None, block, None, course_id, course=course,
                                        will_recheck_access=will_recheck_access)

    runtime.get_block_for_descriptor = inner_get_block
    runtime.bound_user_id = getattr(user, "id", None)
    runtime._services.update({  # pylint: disable=protected-access
        "user": DjangoXBlockUserService(user, bool(has_access(user, "staff", course_id)), get_user_role(user, course_id)),
        "partitions": PartitionService(course_id=course_id, cache=DEFAULT_REQUEST_CACHE.data),
    })


def get_block_for_descriptor(user, request, block, field_data_cache, course_key,  # pylint: disable=unused-argument
                             course=None, will_recheck_access=False):
    """The user-bound block, or None when the user may not load it (see module docstring)."""
    runtime = block.runtime
    if runtime.get_block_for_descriptor is None or runtime.bound_user_id != getattr(user, "id", None):
        prepare_runtime_for_user(user, runtime, course_key, course, will_recheck_access)
    block.bind_for_student(getattr(user, "id", None), [
        partial(OverrideFieldData.wrap, user, course),
        partial(LmsFieldData, student_data=STUDENT_DATA),
    ])
    if getattr(user, "known", True):
        access = has_access(user, "load", block, course_key)
        recheck = not access and will_recheck_access and (access.user_message or access.user_fragment)
        if access or recheck:
            block.has_access_error = bool(recheck)
            return block
        return None
    return block


def get_block_by_usage_id(request, course_id, usage_id, disable_staff_debug_info=False,  # pylint: disable=unused-argument
                          course=None, will_recheck_access=False):
    """(user-bound block, tracking context); Http404 when missing or not accessible."""
    course_key = CourseKey.from_string(course_id)
    try:
        usage_key = UsageKey.from_string(usage_id).map_into_course(course_key)
        block = modulestore().get_item(usage_key)
    except (InvalidKeyError, ItemNotFoundError) as exc:
        raise Http404 from exc
    _, user = setup_masquerade(request, course_key, has_access(request.user, "staff", block, course_key))
    instance = get_block_for_descriptor(user, request, block, None, usage_key.course_key,
                                        course=course, will_recheck_access=will_recheck_access)
    if instance is None:
        raise Http404
    return instance, {}


def _invoke_xblock_handler(request, course_id, usage_id, handler, suffix, course=None):
    course_key = CourseKey.from_string(course_id)
    try:
        usage_key = UsageKey.from_string(usage_id).map_into_course(course_key)
    except InvalidKeyError as exc:
        raise Http404 from exc
    if isinstance(usage_key, (AsideUsageKeyV1, AsideUsageKeyV2)):
        usage_key = usage_key.usage_key
    instance, _ = get_block_by_usage_id(request, course_id, str(usage_key), course=course)
    try:
        response = instance.handle(handler, django_to_webob_request(request), suffix or "")
    except NoSuchHandlerError as exc:
        raise Http404 from exc
    return webob_to_django_response(response)


@csrf_exempt
def handle_xblock_callback_noauth(request, course_id, usage_id, handler, suffix=None):
    """Unauthenticated handler entry point: never access-checked."""
    request.user.known = False
    course = modulestore().get_course(CourseKey.from_string(course_id))
    return _invoke_xblock_handler(request, course_id, usage_id, handler, suffix, course=course)


@csrf_exempt
def handle_xblock_callback(request, course_id, usage_id, handler, suffix=None):
    """Handler entry point: session users, JWT/bearer tokens, and anonymous GETs."""
    if request.user.is_authenticated:
        error = CsrfViewMiddleware(get_response=lambda request: None).process_view(request, None, (), {})
        if error:
            return error
    else:
        for authenticator in (auth.JwtAuthentication(), auth.BearerAuthenticationAllowInactiveUser()):
            try:
                found = authenticator.authenticate(request)
            except auth.AuthenticationFailed:
                continue
            if found is not None:
                request.user, request.auth = found
                break
    if (request.method != "GET" and not request.user.is_authenticated) or auth.JwtRestrictedApplication().has_permission(request, None):
        return HttpResponseForbidden("Unauthenticated")
    request.user.known = request.user.is_authenticated
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError as exc:
        raise Http404 from exc
    course = modulestore().get_course(course_key)
    if course is None:
        raise Http404
    return _invoke_xblock_handler(request, course_id, usage_id, handler, suffix, course=course)


def xblock_view(request, course_id, usage_id, view_name):
    """JSON with the rendered view (only when ENABLE_XBLOCK_VIEW_ENDPOINT)."""
    if not getattr(settings, "ENABLE_XBLOCK_VIEW_ENDPOINT", False):
        raise Http404
    course = modulestore().get_course(CourseKey.from_string(course_id))
    instance, _ = get_block_by_usage_id(request, course_id, usage_id, course=course)
    return JsonResponse({"html": instance.render(view_name, context={}).content})
