"""What the benchmark runner measures against: a database, the blocks, the floor block and the data behind them.

Kept apart from run.py so the runner reads as the table it prints. Nothing here is
timed. The blocks run on the tests' XBlock runtime (tests/support/runtime.py), which
applies no asides unless configured, as the LMS does.
"""
import atexit
import os
import shutil
import sys
import tempfile
from datetime import timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

BASE_SETTINGS = {
    "PAYMENTS_ENABLED": True, "STRIPE_SECRET_KEY": "sk_test_bench", "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
    "STRIPE_WEBHOOK_SECRET": "whsec_bench", "STRIPE_JS_URL": "/stripe-js-not-loaded/",
}
CHILDREN = "".join(f'<html_demo><p class="paid">Lesson {n}: paid content.</p></html_demo>' for n in range(3))
FEE_OLX = f'<fee_training display_name="Paid lesson" fee="49.99" currency="USD" benefit="Three lessons.">{CHILDREN}</fee_training>'
SUBSCRIPTION_OLX = (f'<fee_training display_name="Lab course" access_mode="subscription" '
                    f'assignment_days="180">{CHILDREN}</fee_training>')
FLOOR_OLX = f"<bench_floor>{CHILDREN}</bench_floor>"


class BuildOnlyEmailBackend:
    """Builds each email as the SMTP backend does (MIME, headers, bytes), then drops it.

    The receipt a webhook sends is part of its work, its transfer to a mail server is
    not (like the Stripe call, it is network I/O the table leaves out). Django's
    locmem backend would add a deep copy of every message that no production path pays.
    """

    def __init__(self, fail_silently=False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages):
        """Render every message to bytes; report them all sent."""
        for message in messages:
            message.message().as_bytes(linesep="\r\n")
        return len(messages)


def start_database():
    """A throwaway MariaDB (as the test suite starts), unless SQLite or a running server is asked for."""
    if os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite" or os.environ.get("FEE_TRAINING_TEST_DB_HOST"):
        return None
    from tests.plugin_mariadb import MariaDBServer  # pylint: disable=import-outside-toplevel

    server = MariaDBServer()
    server.start()
    server.export_env()
    return server


def use_driver(name):
    """Talk to MariaDB through `name`: "pymysql" (pure Python, what the tests use) or "mysqlclient" (the LMS's, in C).

    mysqlclient is not in the requirements (it builds against libmariadb-dev); asking for
    it without it installed fails here, before anything is measured.
    """
    if name == "mysqlclient":
        import MySQLdb  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    os.environ["FEE_TRAINING_TEST_DB_DRIVER"] = name


def prepare_django():
    """Django with the test settings and a fresh benchmark database; returns the vendor name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("FEE_TRAINING_TEST_DB_NAME", "fee_training_bench")
    import django  # pylint: disable=import-outside-toplevel

    django.setup()
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import setup_databases  # pylint: disable=import-outside-toplevel

    setup_databases(verbosity=0, interactive=False)
    return connection.vendor


def floor_block_class():
    """The floor: a bare container rendering its children with a compiled template after one ledger query."""
    from django.template import Context, Engine  # pylint: disable=import-outside-toplevel
    from web_fragments.fragment import Fragment  # pylint: disable=import-outside-toplevel
    from xblock.core import XBlock  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import AccessGrant, PromoCode  # pylint: disable=import-outside-toplevel

    template = Engine().from_string(
        '<div class="floor" data-state="{{ state }}"><h3>{{ title }}</h3>{{ children|safe }}</div>')

    class BenchFloor(XBlock):
        """Renders the same children as the block, behind one indexed ledger query, with a compiled template."""

        has_children = True

        def student_view(self, context=None):
            """One ledger query, the children, one compiled template."""
            fragment = Fragment()
            user = str(self.scope_ids.user_id)
            granted = AccessGrant.objects.filter(usage_key=str(self.scope_ids.usage_id), user_key=user).exists()
            parts = []
            for child_id in self.children:
                rendered = self.runtime.render_child(self.runtime.get_block(child_id), "student_view", context)
                fragment.add_fragment_resources(rendered)
                parts.append(rendered.content)
            fragment.add_content(template.render(Context({"state": granted, "title": "Floor",
                                                          "children": "".join(parts)})))
            return fragment

        @XBlock.json_handler
        def lookup(self, data, suffix=""):
            """A bare JSON handler with one indexed SELECT (the promo lookup's floor)."""
            row = PromoCode.objects.filter(code=str(data.get("code", ""))).values_list("id", flat=True).first()
            return {"found": row is not None}

    return BenchFloor


class Course:
    """One parsed block tree seen by several users; all trees share one id manager so usage keys differ."""

    ids = None

    def __init__(self, olx):
        from xblock.runtime import DictKeyValueStore, MemoryIdManager  # pylint: disable=import-outside-toplevel

        from tests.support.runtime import FakeLmsUserService, RecordingRuntime  # pylint: disable=import-outside-toplevel
        if Course.ids is None:
            Course.ids = MemoryIdManager()
        self.store = DictKeyValueStore()
        self._runtime = lambda user, staff: RecordingRuntime(self.store, Course.ids, FakeLmsUserService(user, staff))
        self.usage_id = self._runtime("author", True).parse_xml_string(olx)

    def block_for(self, user_key, staff=False):
        """The root block as `user_key` sees it, on a fresh runtime (a new request)."""
        return self._runtime(user_key, staff).get_block(self.usage_id)

    def ref(self):
        """The BlockRef of the root block."""
        from fee_training_xblock.block.viewer import block_ref  # pylint: disable=import-outside-toplevel
        return block_ref(self.block_for("author", True))


def fill_grants(ref, count, prefix):
    """`count` active grants on the block (bulk insert)."""
    from fee_training_xblock.models import AccessGrant  # pylint: disable=import-outside-toplevel
    rows = (AccessGrant(course_key=ref.course_key, usage_key=ref.usage_key, user_key=f"{prefix}{n}", via="staff",
                        reference="bench") for n in range(count))
    AccessGrant.objects.bulk_create(rows, batch_size=5000)


def paid_learner(ref, user_key):
    """A learner who paid by card: a paid Payment and the grant it made."""
    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import AccessGrant, Payment  # pylint: disable=import-outside-toplevel
    intent = f"pi_bench_{user_key}"
    Payment.objects.create(payer_key=user_key, payer_email=f"{user_key}@example.com", product_type="block_access",
                           product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key,
                           title="Paid lesson", payment_intent_id=intent, fee_minor=4999, amount_minor=4999,
                           currency="USD", status="paid", paid_at=timezone.now(), receipt_sent_at=timezone.now())
    AccessGrant.objects.create(course_key=ref.course_key, usage_key=ref.usage_key, user_key=user_key, via="payment",
                               reference=intent)


def fill_assignments(ref, count, now):
    """A profile covering the course, 100 subscribers and `count` assignments made this month."""
    from fee_training_xblock.models import (  # pylint: disable=import-outside-toplevel
        CourseAssignment,
        ProfileCourse,
        Subscription,
        SubscriptionProfile,
    )
    profile = SubscriptionProfile.objects.create(name=f"Bench {ref.course_key}", organization="Bench",
                                                 duration_days=365, price_minor=2500, currency="USD")
    ProfileCourse.objects.create(profile=profile, course_key=ref.course_key)
    subs = Subscription.objects.bulk_create(
        Subscription(profile=profile, user_key=f"s{n}", starts_at=now - timedelta(days=40),
                     ends_at=now + timedelta(days=300)) for n in range(100))
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    span = max(1, int((now - month_start).total_seconds()) - 1)
    rows = (CourseAssignment(subscription=subs[n % 100], profile=profile, organization="Bench",
                             user_key=f"s{n % 100}", course_key=ref.course_key, usage_key=ref.usage_key,
                             sequence=n // 100 + 1, created_at=month_start + timedelta(seconds=n * 7919 % span),
                             expires_at=now + timedelta(days=180), billing_month=now.strftime("%Y-%m"),
                             price_minor=2500, currency="USD") for n in range(count))
    CourseAssignment.objects.bulk_create(rows, batch_size=5000)


def extra_apps(count):
    """`count` importable Django apps, each with a template-tag library (as many LMS apps have); their names."""
    folder = tempfile.mkdtemp(prefix="fee-training-bench-apps-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    names = []
    for index in range(count):
        name = f"bench_app_{index:03d}"
        tags = os.path.join(folder, name, "templatetags")
        os.makedirs(tags)
        for path, text in ((os.path.join(folder, name, "__init__.py"), ""), (os.path.join(tags, "__init__.py"), ""),
                           (os.path.join(tags, f"{name}_tags.py"),
                            "from django import template\nregister = template.Library()\n")):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        names.append(name)
    sys.path.insert(0, folder)
    return names
