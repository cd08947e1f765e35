"""Benchmark (not a test): a month with 1,000,000 course assignments, invoiced three ways.

Fills one month of the billing ledger (many learners, ~100 courses, several
profiles) with bulk_create in batches, then prints for the same table:

* the plugin's invoice (billing.invoice_rows + invoice_totals: a database
  aggregate streamed out), its time and peak Python memory (tracemalloc);
* a hand-written raw SQL GROUP BY over the same rows, as the floor;
* a Python loop summing every row (what the invoice must not do), for contrast;
* issuing the month (once per organization; running it again issues nothing), reading
  the issued invoices back from their stored lines (O(lines): milliseconds), and the
  reconciliation of issued totals with the ledger aggregate.

Usage (from the repository root, in the virtualenv):

    python benchmarks/invoice_benchmark.py                 # throwaway MariaDB, 1,000,000 rows
    python benchmarks/invoice_benchmark.py --db sqlite --rows 200000

MariaDB is started in a temporary folder (as the test suite does) and stopped at
the end; SQLite uses a temporary file.
"""
import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

MONTH = "2026-11"
BATCH = 10_000


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="Course assignments in the month.")
    parser.add_argument("--courses", type=int, default=100)
    parser.add_argument("--profiles", type=int, default=6)
    parser.add_argument("--courses-per-profile", type=int, default=25)
    parser.add_argument("--db", choices=["mariadb", "sqlite"], default="mariadb")
    parser.add_argument("--skip-python-loop", action="store_true", help="Skip the row-by-row Python baseline.")
    return parser.parse_args()


def configure_django(db):
    """Point tests.settings at a benchmark database and set Django up; returns a stop() callable."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    stop = lambda: None  # noqa: E731
    if db == "sqlite":
        os.environ["FEE_TRAINING_TEST_DB"] = "sqlite"
        path = tempfile.mktemp(prefix="fee-training-bench-", suffix=".sqlite3")
        import tests.settings as test_settings  # pylint: disable=import-outside-toplevel
        test_settings.DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
        stop = lambda: os.path.exists(path) and os.remove(path)  # noqa: E731
    else:
        import pymysql  # pylint: disable=import-outside-toplevel

        from tests.plugin_mariadb import MariaDBServer  # pylint: disable=import-outside-toplevel
        server = MariaDBServer()
        server.start()
        server.export_env()
        os.environ["FEE_TRAINING_TEST_DB_NAME"] = "fee_training_bench"
        with pymysql.connect(host="127.0.0.1", port=server.port, user=server.user, password=server.password) as conn:
            conn.cursor().execute("CREATE DATABASE fee_training_bench CHARACTER SET utf8mb4")
        stop = server.stop
    import django  # pylint: disable=import-outside-toplevel
    django.setup()
    from django.core.management import call_command  # pylint: disable=import-outside-toplevel
    call_command("migrate", run_syncdb=True, verbosity=0)
    return stop


def fill(rows, n_courses, n_profiles, per_profile):
    """Profiles, one subscription per learner and `rows` assignments spread over the month."""
    from fee_training_xblock.subscriptions.models import (  # pylint: disable=import-outside-toplevel
        CourseAssignment,
        ProfileCourse,
        Subscription,
        SubscriptionProfile,
    )
    rng = random.Random(2026)
    courses = [f"course-v1:Org{c % 4}+C{c:03d}+2026" for c in range(n_courses)]
    profiles = []
    for index in range(n_profiles):
        currency = "JPY" if index % 3 == 2 else "USD"
        profile = SubscriptionProfile.objects.create(
            name=f"Profile {index}", organization=f"Org{index % 4}", duration_days=365,
            price_minor=3000 if currency == "JPY" else 1500 + 250 * index, currency=currency)
        covered = rng.sample(courses, per_profile)
        ProfileCourse.objects.bulk_create(ProfileCourse(profile=profile, course_key=c, price_minor_override=(
            900 if i % 10 == 0 else None)) for i, c in enumerate(covered))
        profiles.append((profile, covered, {c: (900 if i % 10 == 0 else None) for i, c in enumerate(covered)}))
    learners = max(1, rows // per_profile)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    subs = Subscription.objects.bulk_create(
        (Subscription(profile=profiles[u % n_profiles][0], user_key=str(u), starts_at=start - timedelta(days=30),
                      ends_at=start + timedelta(days=335), source="import") for u in range(learners)),
        batch_size=BATCH)
    made = 0
    buffer = []
    seconds_in_month = 30 * 24 * 3600
    for user, sub in enumerate(subs):
        profile, covered, overrides = profiles[user % n_profiles]
        for course in covered:
            if made >= rows:
                break
            created = start + timedelta(seconds=rng.randrange(seconds_in_month))
            price = overrides[course] if overrides[course] is not None else profile.price_minor
            buffer.append(CourseAssignment(
                subscription_id=sub.pk, profile_id=profile.pk, organization=profile.organization,
                user_key=str(user), course_key=course, usage_key=f"block-v1:{course}+fee_training", sequence=1,
                created_at=created, expires_at=created + timedelta(days=180), billing_month=MONTH,
                price_minor=price, currency=profile.currency))
            made += 1
            if len(buffer) == BATCH:
                CourseAssignment.objects.bulk_create(buffer)
                buffer = []
    if buffer:
        CourseAssignment.objects.bulk_create(buffer)
    return made, learners


def measure(label, work, trace_memory=True):
    """Time `work()` on its own, then (if asked) run it again under tracemalloc for the peak; returns its result.

    tracemalloc slows allocation-heavy code several times, so it never runs during the timed call.
    """
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    memory = "(memory not traced)"
    if trace_memory:
        tracemalloc.start()
        work()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"peak Python memory {peak / 1e6:8.2f} MB"
    print(f"{label:<44} {elapsed:8.2f} s   {memory}")
    return result


def warm_up():
    """Read the month's rows once, untimed, so no measured query pays for a cold buffer pool."""
    from fee_training_xblock.subscriptions import invoices as billing  # pylint: disable=import-outside-toplevel
    started = time.perf_counter()
    billing.invoice_totals(MONTH)
    print(f"warm-up read of the month (untimed in the figures)  {time.perf_counter() - started:6.2f} s")


def plugin_invoice():
    """The plugin's invoice, consumed line by line as the command does."""
    from fee_training_xblock.subscriptions import invoices as billing  # pylint: disable=import-outside-toplevel
    lines = sum(1 for _line in billing.invoice_rows(MONTH))
    totals = billing.invoice_totals(MONTH)
    return lines, totals


def raw_sql_invoice():
    """The same invoice written by hand: GROUP BY on the ledger, names from the profile table."""
    from django.db import connection  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.subscriptions import domain as rules  # pylint: disable=import-outside-toplevel
    start, end = rules.month_bounds(MONTH, UTC)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM fee_training_xblock_subscriptionprofile")
        names = dict(cursor.fetchall())
        cursor.execute(
            "SELECT profile_id, organization, course_key, currency, price_minor, COUNT(*), SUM(price_minor) "
            "FROM fee_training_xblock_courseassignment WHERE created_at >= %s AND created_at < %s "
            "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5", [start, end])
        lines = [(names[row[0]], *row[1:]) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT currency, COUNT(*), SUM(price_minor) FROM fee_training_xblock_courseassignment "
            "WHERE created_at >= %s AND created_at < %s GROUP BY currency ORDER BY currency", [start, end])
        totals = cursor.fetchall()
    return len(lines), totals


def joined_sql_invoice():
    """The first hand-written attempt: joining the profile table for its name (kept for the figures)."""
    from django.db import connection  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.subscriptions import domain as rules  # pylint: disable=import-outside-toplevel
    start, end = rules.month_bounds(MONTH, UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.name, a.organization, a.course_key, a.currency, a.price_minor, COUNT(*), SUM(a.price_minor) "
            "FROM fee_training_xblock_courseassignment a JOIN fee_training_xblock_subscriptionprofile p "
            "ON p.id = a.profile_id WHERE a.created_at >= %s AND a.created_at < %s "
            "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5", [start, end])
        return len(cursor.fetchall()), None


def python_loop_invoice():
    """Every row into Python and summed there: the approach the invoice avoids."""
    from fee_training_xblock.models import CourseAssignment  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.subscriptions import domain as rules  # pylint: disable=import-outside-toplevel
    start, end = rules.month_bounds(MONTH, UTC)
    sums = {}
    rows = CourseAssignment.objects.filter(created_at__gte=start, created_at__lt=end).select_related("profile")
    for row in rows.iterator(chunk_size=5000):
        key = (row.profile.name, row.organization, row.course_key, row.currency, row.price_minor)
        count, amount = sums.get(key, (0, 0))
        sums[key] = (count + 1, amount + row.price_minor)
    return len(sums), None


def issued_invoices(raw_totals):
    """Issue the month, read it back many times, reconcile; checks the issued totals equal the raw SQL ones."""
    import statistics  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import Invoice  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.subscriptions import invoice_documents, issuing  # pylint: disable=import-outside-toplevel
    after = datetime(2026, 12, 2, tzinfo=UTC)
    issued = measure("issue the month (one invoice per organization)",
                     lambda: issuing.issue_month(MONTH, now=after), trace_memory=False)
    again = measure("issue it again (idempotent: nothing new)", lambda: issuing.issue_month(MONTH, now=after),
                    trace_memory=False)
    assert [created for _, created in issued] == [True] * len(issued) and not any(c for _, c in again)
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        documents = [invoice_documents.as_dict(invoice) for invoice in Invoice.objects.filter(month=MONTH)]
        timings.append((time.perf_counter() - started) * 1000)
    lines = sum(len(doc["lines"]) for doc in documents)
    print(f"{'read the issued month back (all invoices, lines)':<44} {statistics.median(timings):8.2f} ms median of "
          f"200 ({len(documents)} invoices, {lines} lines)")
    started = time.perf_counter()
    pdf = invoice_documents.as_pdf(Invoice.objects.filter(month=MONTH).first())
    print(f"{'one invoice as PDF':<44} {(time.perf_counter() - started) * 1000:8.2f} ms ({len(pdf):,} bytes)")
    measure("reconcile issued totals with the ledger", lambda: issuing.reconcile(list(
        Invoice.objects.filter(month=MONTH))), trace_memory=False)
    issued_sum = {}
    for doc in documents:
        for total in doc["totals"]:
            count, amount = issued_sum.get(total["currency"], (0, 0))
            issued_sum[total["currency"]] = (count + total["assignments"], amount + total["amount_minor"])
    assert sorted((c, n, a) for c, (n, a) in issued_sum.items()) == [(c, n, int(s)) for c, n, s in raw_totals], \
        "issued invoices and the ledger aggregate disagree"
    print("issued totals equal the raw SQL ledger aggregate to the minor unit")


def main():
    """Fill, measure, print."""
    args = parse_args()
    stop = configure_django(args.db)
    try:
        from django.db import connection  # pylint: disable=import-outside-toplevel
        started = time.perf_counter()
        made, learners = fill(args.rows, args.courses, args.profiles, args.courses_per_profile)
        print(f"database: {connection.vendor} {'.'.join(map(str, connection.mysql_version)) if connection.vendor == 'mysql' else ''}")
        print(f"filled {made:,} course assignments in {MONTH} ({learners:,} learners, {args.courses} courses, "
              f"{args.profiles} profiles) in {time.perf_counter() - started:.1f} s")
        warm_up()
        raw_lines, raw_totals = measure("raw SQL aggregate", raw_sql_invoice)
        lines, totals = measure("plugin invoice (ORM aggregate, streamed)", plugin_invoice)
        measure("raw SQL aggregate (again)", raw_sql_invoice, trace_memory=False)
        measure("raw SQL joining profile names (slower plan)", joined_sql_invoice, trace_memory=False)
        print(f"invoice lines: {lines} (raw SQL: {raw_lines}); totals: "
              + ", ".join(f"{t['currency']} {t['assignments']:,} assignments {t['amount_minor']:,} minor" for t in totals))
        assert lines == raw_lines and [(t["currency"], t["assignments"], t["amount_minor"]) for t in totals] == \
            [(c, n, int(s)) for c, n, s in raw_totals], "plugin and raw SQL disagree"
        issued_invoices(raw_totals)
        if not args.skip_python_loop:
            measure("Python loop over every row (for contrast)", python_loop_invoice,
                    trace_memory=args.rows <= 200_000)
        print(f"process peak RSS (whole run, including the fill): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        stop()


if __name__ == "__main__":
    main()
