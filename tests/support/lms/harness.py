"""A small LMS made of the stand-ins, configured the way the plugin's settings hook configures the LMS.

`LmsHarness(settings)` (pytest-django's settings fixture) installs the stand-ins under
the LMS's module names, sets LMS-like settings (the LMS URL names, session, auth and
crum middleware, the content type gating provider the LMS ships with, the LMS search
result processor, masquerade on), then runs the plugin's own `wire_lms` on them.
Courses are built from `B(...)` specs; `request_for` starts a simulated request
(fresh request caches and block instances, the current request set for crum).
"""
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from opaque_keys.edx.locator import CourseLocator

from fee_training_xblock import api, compat
from fee_training_xblock.settings.lms import wire_lms
from tests.support.lms import install

LMS_SETTINGS = {
    "ROOT_URLCONF": "tests.support.lms.urls",
    "SERVICE_VARIANT": "lms",
    "MIDDLEWARE": [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "crum.CurrentRequestUserMiddleware",
        "tests.support.lms.harness.NewRequestMiddleware",
    ],
    "SESSION_SERIALIZER": "openedx.core.lib.session_serializers.PickleSerializer",
    "FIELD_OVERRIDE_PROVIDERS": (),
    "MODULESTORE_FIELD_OVERRIDE_PROVIDERS": (
        "openedx.features.content_type_gating.field_override.ContentTypeGatingFieldOverride",
    ),
    "XBLOCK_FIELD_DATA_WRAPPERS": (),
    "OPEN_EDX_FILTERS_CONFIG": {},
    "SEARCH_RESULT_PROCESSOR": "lms.lib.courseware_search.lms_result_processor.LmsSearchResultProcessor",
    "ENABLE_MASQUERADE": True,
    "ENABLE_XBLOCK_VIEW_ENDPOINT": True,
}


@dataclass
class B:
    """A block in a course spec: B("html", "intro", data="..."), children as extra positional args."""

    block_type: str
    block_id: str
    children: tuple = ()
    fields: dict = field(default_factory=dict)

    def __init__(self, block_type, block_id, *children, **fields):
        self.block_type, self.block_id, self.children, self.fields = block_type, block_id, children, fields


def reset_lms_state():
    """Forget everything cached between tests: resolved settings, structures, caches, roles, tokens."""
    from fee_training_xblock.lms import overrides, search  # pylint: disable=import-outside-toplevel
    from tests.support.lms import access, auth, course_blocks, field_overrides, modulestore, partitions  # pylint: disable=import-outside-toplevel
    from tests.support.lms.search import LmsSearchResultProcessor  # pylint: disable=import-outside-toplevel

    field_overrides.OverrideFieldData.provider_classes = None
    field_overrides.OverrideModulestoreFieldData.provider_classes = None
    overrides.FeeGateFieldOverride.reset()
    search.reset()
    partitions.UserPartition.scheme_extensions = None
    modulestore.reset_modulestore()
    course_blocks._COLLECTED.clear()  # pylint: disable=protected-access
    LmsSearchResultProcessor._course_blocks.clear()  # pylint: disable=protected-access
    access.clear_roles()
    auth.clear_tokens()
    compat.clear_request_cache()


def new_request_state():
    """What a new request starts with: empty request caches, fresh block instances."""
    from tests.support.lms.modulestore import modulestore  # pylint: disable=import-outside-toplevel

    compat.clear_request_cache()
    modulestore().new_request()


class NewRequestMiddleware:
    """The LMS's RequestCacheMiddleware, plus fresh modulestore block instances per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        new_request_state()
        return self.get_response(request)


class Course:
    """A course in the stand-in modulestore, with its blocks' usage keys by block_id."""

    def __init__(self, course_key, keys):
        self.key, self.keys = course_key, keys

    def usage(self, block_id):
        """The usage key of a block of this course."""
        return self.keys[block_id]

    def grant(self, user, block_id):
        """Record in the ledger that `user` has paid for the gating block `block_id`."""
        api.grant_access(self.key, self.usage(block_id), user.id, via="payment", reference="test")


class LmsHarness:
    """The stand-in LMS for one test."""

    def __init__(self, settings, wire=True):
        install.install()
        for name, value in LMS_SETTINGS.items():
            setattr(settings, name, value)
        if wire:
            wire_lms(settings)
        self.settings = settings
        reset_lms_state()
        self.factory = RequestFactory()

    def course(self, *children, run="2030", **course_fields):
        """Add a course (root block "course") with these chapters; returns a Course."""
        from tests.support.lms.modulestore import modulestore  # pylint: disable=import-outside-toplevel

        course_key = CourseLocator("FeeOrg", "PAID101", run)
        keys = {}
        values = modulestore().values

        def add(spec, parent_key):
            """Store one block (and its children) in the modulestore; returns its usage key."""
            usage_key = course_key.make_usage_key(spec.block_type, spec.block_id)
            keys[spec.block_id] = usage_key
            values[usage_key] = dict(spec.fields, parent=parent_key)
            if spec.children or spec.block_type in ("course", "chapter", "sequential", "vertical", "fee_training"):
                values[usage_key]["children"] = [add(child, usage_key) for child in spec.children]
            return usage_key

        add(B("course", "course", *children, **course_fields), None)
        return Course(course_key, keys)

    @staticmethod
    def user(username, is_staff=False):
        """A Django user."""
        return get_user_model().objects.create_user(username=username, password="x", is_staff=is_staff)

    def request_for(self, user=None, path="/", session=None):
        """A new simulated request by `user` (anonymous when None), set as the current request."""
        from tests.support.lms import crum  # pylint: disable=import-outside-toplevel

        new_request_state()
        request = self.factory.get(path)
        # Each request loads its own user object, as the LMS's authentication middleware does:
        # attributes set during one request (masquerade_settings, known) must not leak into the next.
        request.user = type(user).objects.get(pk=user.pk) if user is not None else AnonymousUser()
        request.session = session if session is not None else {}
        crum.set_current_request(request)
        return request

    def load(self, user, course, block_id, session=None):
        """The block as the LMS hands it to `user` (get_block_by_usage_id), or None for a 404."""
        from tests.support.lms.block_render import get_block_by_usage_id  # pylint: disable=import-outside-toplevel

        request = self.request_for(user, session=session)
        try:
            block, _ = get_block_by_usage_id(request, str(course.key), str(course.usage(block_id)))
        except Http404:
            return None
        return block
