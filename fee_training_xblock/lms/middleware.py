"""A middleware that closes the XBlock handler requests the LMS does not access-check.

In lms/djangoapps/courseware/block_render.py:
- `handle_xblock_callback_noauth` (URL name ``xblock_handler_noauth``) sets
  ``request.user.known = False`` for every caller, signed in or not;
- `handle_xblock_callback` (``xblock_handler``) lets anonymous GETs through and
  sets ``known = request.user.is_authenticated``;
and `get_block_for_descriptor` skips `has_access` when ``known`` is False. So
the user partitions cannot close these requests: a learner who has not paid
could fetch `problem_get`, transcripts and other handler output of closed blocks.

This middleware answers 404 (what the view answers for a block the user may not
load) for such requests on closed blocks, unless:
- the handler is on the operator's allow-list of server-to-server callbacks
  (FEE_TRAINING["LMS_NOAUTH_HANDLER_ALLOWLIST"], e.g. LTI grade passback);
- ``xblock_handler``: the request carries credentials the view will accept
  (JWT or OAuth bearer); the view then checks access with ``known = True``;
- ``xblock_handler_noauth``: the signed-in user has paid for every gate that
  closes the block, or is course staff.
Signed-in requests to ``xblock_handler`` are left alone: the view's own
has_access check (with the partitions) decides them.
"""
import logging
import re

from django.http import Http404
from opaque_keys import InvalidKeyError
from opaque_keys.edx.asides import AsideUsageKeyV1, AsideUsageKeyV2
from opaque_keys.edx.keys import CourseKey, UsageKey

from fee_training_xblock import compat, conf
from fee_training_xblock.lms import access, course_tree

log = logging.getLogger(__name__)

HANDLER = "xblock_handler"
HANDLER_NOAUTH = "xblock_handler_noauth"
ALLOWLIST_SETTING = "LMS_NOAUTH_HANDLER_ALLOWLIST"
DEFAULT_ALLOWLIST = tuple(conf.BY_KEY[ALLOWLIST_SETTING].default.split(","))


def allowed_handlers():
    """Handler names that may always be called (server-to-server callbacks that verify their callers).

    FEE_TRAINING["LMS_NOAUTH_HANDLER_ALLOWLIST"] (or FEE_TRAINING_LMS_NOAUTH_HANDLER_ALLOWLIST), comma-separated.
    """
    return {name.strip() for name in conf.setting(ALLOWLIST_SETTING).split(",") if name.strip()}


def unquote_slashes(text):
    """Undo the LMS's `quote_slashes` (openedx/core/lib/url_utils.py): ';_' is '/', ';;' is ';'."""
    return re.sub(r";;|;_", lambda match: ";" if match.group(0) == ";;" else "/", text)


def handler_target(view_kwargs):
    """(course key, usage key of the block the handler runs on) from the URL kwargs, or None if unparsable."""
    try:
        course_key = CourseKey.from_string(view_kwargs["course_id"])
        usage_key = UsageKey.from_string(unquote_slashes(view_kwargs["usage_id"])).map_into_course(course_key)
    except (KeyError, InvalidKeyError):
        return None
    if isinstance(usage_key, (AsideUsageKeyV1, AsideUsageKeyV2)):
        # Aside handlers run on the block the aside wraps, as in _invoke_xblock_handler.
        usage_key = usage_key.usage_key
    return course_key, usage_key


class FeeContentHandlerMiddleware:
    """Closes anonymous and no-auth XBlock handler calls on blocks closed by a gating block."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        """Nothing to do on the way in or out: the work is in process_view, once the URL is resolved."""
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):  # pylint: disable=unused-argument
        """Raise Http404 for a handler request that would skip the access check on closed content."""
        url_name = getattr(getattr(request, "resolver_match", None), "url_name", None)
        if url_name not in (HANDLER, HANDLER_NOAUTH):
            return None
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if url_name == HANDLER and signed_in:
            return None
        target = handler_target(view_kwargs)
        if target is None or view_kwargs.get("handler") in allowed_handlers():
            return None
        course_key, usage_key = target
        gates = course_tree.gates_for_key(usage_key)
        if not gates:
            return None
        if url_name == HANDLER:
            if compat.authenticate_like_xblock_handler(request) is not None:
                return None
        elif signed_in and access.may_view(user, course_key, gates):
            return None
        log.info("Refused %s %s of %s: closed by %s", url_name, view_kwargs.get("handler"), usage_key, gates[0].key)
        raise Http404("No such block")
