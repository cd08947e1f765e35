"""Where the platform sends a visitor: sign-in, the unit holding a block, the workbench scenario (webinar links)."""

WORKBENCH_COURSE_PREFIX = "workbench:"


def is_workbench_course(course_key):
    """True for blocks of the XBlock SDK workbench (the demo), whose learners are ids on the URL, not accounts."""
    from django.apps import apps  # pylint: disable=import-outside-toplevel
    return str(course_key).startswith(WORKBENCH_COURSE_PREFIX) and apps.is_installed("workbench")


def lms_root_url():
    """The LMS's public root URL (settings.LMS_ROOT_URL, set in every Open edX install), without a trailing slash."""
    from django.conf import settings  # pylint: disable=import-outside-toplevel
    return str(getattr(settings, "LMS_ROOT_URL", "") or "").rstrip("/")


def sign_in_url(next_path):
    """The LMS sign-in page that returns to `next_path` afterwards (settings.LOGIN_URL, '/login' in the LMS)."""
    from urllib.parse import quote  # pylint: disable=import-outside-toplevel

    from django.conf import settings  # pylint: disable=import-outside-toplevel
    return f"{getattr(settings, 'LOGIN_URL', '') or '/login'}?next={quote(str(next_path), safe='/')}"


def unit_url(course_key, usage_key, student=""):
    """Where a learner sees a block: the LMS's jump_to page, or the workbench scenario holding it; '' if unknown.

    jump_to (`/courses/<course>/jump_to/<usage>`) opens the unit that contains the
    block. In the workbench the scenario whose usage ids start like the block's is
    shown for the student id `student`.
    """
    from django.urls import NoReverseMatch, reverse  # pylint: disable=import-outside-toplevel
    try:
        return reverse("jump_to", kwargs={"course_id": str(course_key), "location": str(usage_key)})
    except NoReverseMatch:
        pass
    if not is_workbench_course(course_key):
        return ""
    from urllib.parse import urlencode  # pylint: disable=import-outside-toplevel

    from workbench.scenarios import SCENARIOS  # pylint: disable=import-outside-toplevel
    prefix = str(usage_key).split(".", 1)[0]
    for name, scenario in SCENARIOS.items():
        if str(scenario.usage_id).split(".", 1)[0] == prefix:
            query = "?" + urlencode({"student": student}) if student else ""
            return reverse("workbench_show_scenario", args=(name,)) + query
    return ""
