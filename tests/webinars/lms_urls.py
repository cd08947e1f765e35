"""URLs for link-page tests: the demo's, plus a stand-in for the LMS's `jump_to` route.

The LMS is not installed here. Its courseware route `courses/<course_id>/jump_to/<location>`
(named "jump_to", the one compat.unit_url reverses) is reproduced with the same name and
arguments; the stand-in view only echoes where it was asked to go.
"""
from django.http import HttpResponse
from django.urls import re_path

from demo.urls import urlpatterns as demo_urlpatterns


def jump_to(request, course_id, location):
    """Stand-in for lms.djangoapps.courseware.views.views.jump_to: says which unit it would open."""
    return HttpResponse(f"unit of {location} in {course_id}")


urlpatterns = [
    re_path(r"^courses/(?P<course_id>[^/]+)/jump_to/(?P<location>.*)$", jump_to, name="jump_to"),
    *demo_urlpatterns,
]
