"""Stand-in URLconf with the LMS's names and kwargs for the views the plugin touches.

Follows lms/urls.py (P @ 06d1a0ef72bc827363fa82984405f25a05ae8476) and the patterns in
lms/envs/common.py: COURSE_ID_PATTERN (the course key pattern with the group named
course_id) and USAGE_ID_PATTERN; names xblock_handler, xblock_handler_noauth
(kwargs course_id, usage_id, handler, suffix), xblock_view, render_xblock
(usage_key_string) and jump_to (course_id, location).
"""
from django.urls import re_path

from tests.support.lms import block_render, views

COURSE_ID_PATTERN = r"(?P<course_id>[^/+]+(/|\+)[^/+]+(/|\+)[^/?]+)"
USAGE_ID_PATTERN = r"(?P<usage_id>(?:i4x://?[^/]+/[^/]+/[^/]+/[^@]+(?:@[^/]+)?)|(?:[^/]+))"
USAGE_KEY_PATTERN = r"(?P<usage_key_string>(?:i4x://?[^/]+/[^/]+/[^/]+/[^@]+(?:@[^/]+)?)|(?:[^/]+))"

urlpatterns = [
    re_path(
        rf"^courses/{COURSE_ID_PATTERN}/jump_to/(?P<location>.*)$", views.jump_to, name="jump_to",
    ),
    re_path(
        rf"^courses/{COURSE_ID_PATTERN}/xblock/{USAGE_ID_PATTERN}/handler/(?P<handler>[^/]*)(?:/(?P<suffix>.*))?$",
        block_render.handle_xblock_callback, name="xblock_handler",
    ),
    re_path(
        rf"^courses/{COURSE_ID_PATTERN}/xblock/{USAGE_ID_PATTERN}/handler_noauth/(?P<handler>[^/]*)(?:/(?P<suffix>.*))?$",
        block_render.handle_xblock_callback_noauth, name="xblock_handler_noauth",
    ),
    re_path(
        rf"^courses/{COURSE_ID_PATTERN}/xblock/{USAGE_ID_PATTERN}/view/(?P<view_name>[^/]*)$",
        block_render.xblock_view, name="xblock_view",
    ),
    re_path(rf"^xblock/{USAGE_KEY_PATTERN}$", views.render_xblock, name="render_xblock"),
]
