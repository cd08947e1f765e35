"""The invoice and import management commands, run with call_command on the real database."""
import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import ProfileCourse, Subscription, SubscriptionProfile
from fee_training_xblock.subscriptions import assignments, subscribing

pytestmark = pytest.mark.django_db

UTC = UTC
COURSE = "course-v1:Acme+Labs+2026"
REF = BlockRef(COURSE, "block-v1:Acme+Labs+2026+type@fee_training+block@a")


@pytest.fixture
def profiles():
    """A USD profile for Acme and a JPY one for AcmeJP, both covering COURSE."""
    usd = SubscriptionProfile.objects.create(name="Labs", organization="Acme", duration_days=365, price_minor=2500)
    jpy = SubscriptionProfile.objects.create(name="Labs JP", organization="AcmeJP", duration_days=365,
                                             price_minor=3000, currency="JPY")
    for profile in (usd, jpy):
        ProfileCourse.objects.create(profile=profile, course_key=COURSE)
    return usd, jpy


def run(*args, **kwargs):
    """call_command capturing stdout."""
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def bill(profile, user, when):
    """Subscribe `user` a month before `when` and start the course at `when`."""
    subscribing.create_subscription(profile, user, when - timedelta(days=30))
    assignments.start_course(REF, user, 30, now=when)


def test_invoice_csv_has_lines_and_totals_per_currency(profiles):
    usd, jpy = profiles
    bill(usd, "1", datetime(2026, 11, 3, tzinfo=UTC))
    bill(usd, "2", datetime(2026, 11, 20, tzinfo=UTC))
    bill(jpy, "3", datetime(2026, 11, 21, tzinfo=UTC))
    bill(usd, "4", datetime(2026, 12, 1, tzinfo=UTC))  # next month
    rows = list(csv.reader(io.StringIO(run("fee_training_invoice", "--month", "2026-11"))))
    assert rows == [
        ["profile", "organization", "course_key", "currency", "unit_price", "assignments", "amount"],
        ["Labs", "Acme", COURSE, "USD", "25.00", "2", "50.00"],
        ["Labs JP", "AcmeJP", COURSE, "JPY", "3000", "1", "3000"],
        ["TOTAL", "", "", "JPY", "", "1", "3000"],
        ["TOTAL", "", "", "USD", "", "2", "50.00"],
    ]


def test_invoice_json_with_detail_and_organization(profiles):
    usd, jpy = profiles
    bill(usd, "1", datetime(2026, 11, 3, tzinfo=UTC))
    bill(jpy, "3", datetime(2026, 11, 21, tzinfo=UTC))
    doc = json.loads(run("fee_training_invoice", "--month", "2026-11", "--organization", "Acme", "--format", "json", "--detail"))
    assert doc["time_zone"] == "UTC" and doc["organization"] == "Acme"
    assert [(line["user_key"], line["amount"]) for line in doc["lines"]] == [("1", "25.00")]
    assert doc["totals"] == [{"currency": "USD", "assignments": 1, "amount_minor": 2500, "amount": "25.00"}]


def test_invoice_month_boundary_in_the_operator_time_zone(profiles, settings):
    usd, _ = profiles
    bill(usd, "1", datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 1 December in Paris
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "BILLING_TIME_ZONE": "Europe/Paris"}
    assert json.loads(run("fee_training_invoice", "--month", "2026-11", "--format", "json"))["lines"] == []
    assert len(json.loads(run("fee_training_invoice", "--month", "2026-12", "--format", "json"))["lines"]) == 1
    utc = json.loads(run("fee_training_invoice", "--month", "2026-11", "--format", "json", "--time-zone", "UTC"))
    assert utc["time_zone"] == "UTC" and len(utc["lines"]) == 1


def test_invoice_of_an_empty_month_is_just_the_header(profiles):
    assert run("fee_training_invoice", "--month", "2026-02").strip() == \
        "profile,organization,course_key,currency,unit_price,assignments,amount"


@pytest.mark.parametrize("args,fragment", [
    (["--month", "November"], "2026-11"),
    (["--month", "2026-11", "--time-zone", "Mars/Base"], "IANA"),
])
def test_invoice_bad_arguments_say_what_to_fix(args, fragment):
    with pytest.raises(CommandError, match=fragment):
        run("fee_training_invoice", *args)


def write_csv(tmp_path, text):
    """A CSV file with `text`."""
    path = tmp_path / "subs.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_creates_subscriptions_once(profiles, tmp_path, django_user_model):
    user = django_user_model.objects.create_user("dana", "dana@example.com", "pw")
    path = write_csv(tmp_path, "user,profile,starts_at\ndana,Labs,2026-11-01\ndana@example.com,Labs JP,\n")
    assert "2 subscriptions created, 0 already existed" in run("fee_training_import_subscriptions", path)
    sub = Subscription.objects.get(profile__name="Labs")
    assert sub.user_key == str(user.pk) and sub.source == "import"
    assert sub.starts_at == datetime(2026, 11, 1, tzinfo=UTC) and sub.ends_at == datetime(2027, 11, 1, tzinfo=UTC)
    # A second run creates nothing: the dated row exists, and the "start now" row finds the
    # learner's current subscription to that profile instead of stacking another one.
    assert "0 subscriptions created, 2 already existed" in run("fee_training_import_subscriptions", path)
    assert Subscription.objects.filter(profile__name="Labs").count() == 1
    assert Subscription.objects.filter(profile__name="Labs JP").count() == 1


def test_import_with_problems_writes_nothing_and_names_the_lines(profiles, tmp_path):
    path = write_csv(tmp_path, "user,profile,starts_at\nnobody,Labs,2026-11-01\n7,Unknown profile,\n8,Labs,1 Nov\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="5 problem"):
        call_command("fee_training_import_subscriptions", path, stdout=io.StringIO(), stderr=err)
    assert "line 2: No learner with username or email 'nobody'" in err.getvalue()
    assert "line 3: No active subscription profile named 'Unknown profile'" in err.getvalue()
    assert "line 4: starts_at must be a date" in err.getvalue()
    assert Subscription.objects.count() == 0


def test_import_raw_keys_and_dry_run(profiles, tmp_path):
    path = write_csv(tmp_path, "user,profile\nstudent_1,Labs\n")
    assert "dry run" in run("fee_training_import_subscriptions", path, "--raw-user-keys", "--dry-run")
    assert Subscription.objects.count() == 0
    run("fee_training_import_subscriptions", path, "--raw-user-keys")
    assert Subscription.objects.get().user_key == "student_1"


def test_import_missing_header_or_file(tmp_path):
    with pytest.raises(CommandError, match="1 problem"):
        call_command("fee_training_import_subscriptions", write_csv(tmp_path, "name,plan\na,b\n"),
                     stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        run("fee_training_import_subscriptions", str(tmp_path / "missing.csv"))
