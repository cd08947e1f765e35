"""Benchmark runner (not a test): every row of the speed table as figure, floor and ratio, in one run.

    .venv/bin/python benchmarks/run.py                  # throwaway MariaDB, 500 iterations per row
    .venv/bin/python benchmarks/run.py --iterations 100 # quicker, noisier

Each row times the plugin and its floor alternately in the same loop (the order flips
every iteration), so a machine shared with other work slows both alike; the figure is
the median, the spread the 10th-90th percentile, the ratio figure median / floor median.
The floor of the views is a bare container that renders the same three children with
a compiled template after one indexed ledger query, on the same runtime (no asides, as
in the LMS). Query counts come from one extra, untimed call. After the table the
runner prints EXPLAIN (MariaDB) for every SELECT the views and the staff on-demand
handlers run. Figures are printed, never asserted: targets live in the issue, not in tests.
"""
import argparse
import json
import statistics
import time

import fixtures
import webhook_rows

ROWS = []
ONLY = []  # --rows: run only the rows whose label contains one of these (all when empty)


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--iterations", type=int, default=500, help="Timed iterations per row (plus 20 warm-up).")
    parser.add_argument("--big", type=int, default=100_000, help="Grants/assignments of the 'large course' rows.")
    parser.add_argument("--apps", type=int, default=200, help="Extra installed Django apps for the app-count rows.")
    parser.add_argument("--rows", nargs="*", default=[], help="Only the rows whose label contains one of these.")
    parser.add_argument("--driver", choices=("pymysql", "mysqlclient"), default="pymysql",
                        help="MySQL driver: PyMySQL (as the tests) or mysqlclient (as the LMS; needs libmariadb-dev).")
    return parser.parse_args()


def percentile(values, share):
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def count_queries(call):
    """(SQL statements run by `call()`, their texts)."""
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries), [query["sql"] for query in captured.captured_queries]


def compare(label, floor_prep, subject_prep, iterations, target=""):
    """Time subject and floor alternately; each *_prep() does untimed set-up and returns the call to time."""
    if ONLY and not any(part in label for part in ONLY):
        return None
    for _ in range(20):
        floor_prep()()
        subject_prep()()
    floor_ms, subject_ms = [], []
    for index in range(iterations):
        calls = [(floor_ms, floor_prep()), (subject_ms, subject_prep())]
        for times, call in (calls if index % 2 else reversed(calls)):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
    queries, sql = count_queries(subject_prep())
    row = {"label": label, "figure": statistics.median(subject_ms), "floor": statistics.median(floor_ms),
           "spread": (percentile(subject_ms, 0.1), percentile(subject_ms, 0.9)),
           "floor_spread": (percentile(floor_ms, 0.1), percentile(floor_ms, 0.9)),
           "queries": queries, "sql": sql, "target": target, "n": iterations}
    row["ratio"] = row["figure"] / row["floor"]
    ROWS.append(row)
    print_row(row)
    return row


def print_row(row):
    """One line of the table."""
    print(f"{row['label']:<46} {row['figure']:7.2f} ms ({row['spread'][0]:.2f}-{row['spread'][1]:.2f})  "
          f"floor {row['floor']:6.2f} ms ({row['floor_spread'][0]:.2f}-{row['floor_spread'][1]:.2f})  "
          f"x{row['ratio']:5.2f}  {row['queries']:2d} SQL  n={row['n']}  target {row['target']}", flush=True)


def render_prep(course, user, staff=False):
    """Untimed: a fresh block as `user` sees it (a new request); timed: its student_view through the runtime."""
    def prep():
        block = course.block_for(user, staff)
        return lambda: block.runtime.render(block, "student_view", {})
    return prep


def fragment_size(course, user):
    """(total bytes, {part: bytes}) of the fragment `user` receives: HTML, inline resources, JS arguments."""
    block = course.block_for(user)
    fragment = block.runtime.render(block, "student_view", {})
    parts = {"html": len(fragment.content.encode())}
    for index, resource in enumerate(fragment.resources):
        name = f"{resource.kind} {resource.mimetype.split('/')[-1]} #{index}"
        parts[name] = len(str(resource.data).encode())
    parts["js arguments"] = len(json.dumps(fragment.json_init_args or {}).encode())
    return sum(parts.values()), parts


def handler_prep(course, user, handler, payload, staff=False):
    """Untimed: a fresh block; timed: one JSON handler call as the LMS makes it."""
    import webob  # pylint: disable=import-outside-toplevel
    body = json.dumps(payload).encode()

    def prep():
        block = course.block_for(user, staff)
        request = webob.Request.blank("/", method="POST", body=body, headers={"Content-Type": "application/json"})
        return lambda: block.handle(handler, request)
    return prep


def explain(sql_texts):
    """Print MariaDB's EXPLAIN of each distinct SELECT (table, access type, key, rows examined)."""
    from django.db import connection  # pylint: disable=import-outside-toplevel
    if connection.vendor != "mysql":
        print("  (EXPLAIN is printed on MariaDB only)")
        return
    seen = set()
    with connection.cursor() as cursor:
        for sql in sql_texts:
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            cursor.execute("EXPLAIN " + sql)
            columns = [col[0] for col in cursor.description]
            print("  " + (sql if len(sql) < 160 else sql[:157] + "..."))
            for values in cursor.fetchall():
                plan = dict(zip(columns, values, strict=True))
                print(f"    table={plan['table']} type={plan['type']} key={plan['key']} rows={plan['rows']} "
                      f"extra={plan['Extra']}")


def main():
    """Build the data, time every row, print the table and the query plans."""
    args = parse_args()
    fixtures.use_driver(args.driver)
    server = fixtures.start_database()
    try:
        vendor = fixtures.prepare_django()
        from xblock.core import XBlock  # pylint: disable=import-outside-toplevel
        XBlock.register_temp_plugin(fixtures.floor_block_class(), "bench_floor")(run)(args, vendor)
    finally:
        if server is not None:
            server.stop()


def run(args, vendor):
    """The measurements (inside the temporary registration of the floor block)."""
    from django.conf import settings  # pylint: disable=import-outside-toplevel
    from django.test.utils import override_settings  # pylint: disable=import-outside-toplevel
    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import PromoCode  # pylint: disable=import-outside-toplevel

    n = args.iterations
    ONLY.extend(args.rows)
    with override_settings(FEE_TRAINING=fixtures.BASE_SETTINGS, EMAIL_BACKEND="fixtures.BuildOnlyEmailBackend"):
        floor, fee, fee_big = (fixtures.Course(olx) for olx in (fixtures.FLOOR_OLX, fixtures.FEE_OLX, fixtures.FEE_OLX))
        sub, sub_big = fixtures.Course(fixtures.SUBSCRIPTION_OLX), fixtures.Course(fixtures.SUBSCRIPTION_OLX)
        started = time.perf_counter()
        fixtures.fill_grants(fee.ref(), 10, "g")
        fixtures.fill_grants(fee_big.ref(), args.big, "g")
        fixtures.paid_learner(fee.ref(), "paid")
        now = timezone.now()
        fixtures.fill_assignments(sub.ref(), 10, now)
        fixtures.fill_assignments(sub_big.ref(), args.big, now)
        PromoCode.objects.create(code="BENCH10", kind="percent", percent=10, scope="block",
                                 scope_key=fee.ref().usage_key, max_redemptions=1000)
        print(f"database: {vendor} through {args.driver}; data made in {time.perf_counter() - started:.1f} s; "
              f"{n} timed iterations per row; figures in ms: median (p10-p90)\n")
        compare("learner view, locked", render_prep(floor, "locked"), render_prep(fee, "locked"), n, "<= 1.5x")
        compare("learner view, granted and paid", render_prep(floor, "paid"), render_prep(fee, "paid"), n,
                "<= 1.5x, 1 query")
        compare("staff view, 10 grants", render_prep(floor, "staff", True), render_prep(fee, "staff", True), n,
                "<= 2x, flat")
        compare(f"staff view, {args.big:,} grants", render_prep(floor, "staff", True),
                render_prep(fee_big, "staff", True), n, "<= 2x, flat")
        compare("subscription staff view, 10 assignments", render_prep(floor, "staff", True),
                render_prep(sub, "staff", True), n, "<= 2x, flat")
        compare(f"subscription staff view, {args.big:,} assignments", render_prep(floor, "staff", True),
                render_prep(sub_big, "staff", True), n, "<= 2x, flat")
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, *fixtures.extra_apps(args.apps)]):
            compare(f"+{args.apps} installed apps: learner view, locked", render_prep(floor, "locked"),
                    render_prep(fee, "locked"), n, "unchanged by app count")
            compare(f"+{args.apps} installed apps: staff view", render_prep(floor, "staff", True),
                    render_prep(fee, "staff", True), n, "unchanged by app count")
        compare("apply_promo_code, valid code", handler_prep(floor, "promo", "lookup", {"code": "BENCH10"}),
                handler_prep(fee, "promo", "apply_promo_code", {"code": "bench10"}), n,
                "<= 1.5x, <= 2 queries")
        webhook_floor, webhook = webhook_rows.webhook_preps(fee.ref())
        compare("webhook payment_intent.succeeded (no Stripe call)", webhook_floor, webhook, n,
                "<= 2.5x, <= 6 statements")
        with webhook_rows.celery_memory_broker() as queued:
            if queued is not None:
                compare("  webhook, receipt queued (Celery memory://)", webhook_floor, webhook, n,
                        "<= 2.5x, <= 6 statements")
                print(f"  ({len(queued)} receipt tasks queued in memory, none run: the enqueue is what is timed)")
        compare("  webhook ref.: BEGIN, 4x SELECT 1, COMMIT", webhook_floor, webhook_rows.empty_transaction(), n,
                "what a transactional delivery cannot go below")
        compare("  webhook ref.: raw UPDATE + 2 INSERTs in a transaction", webhook_floor,
                webhook_rows.minimal_delivery(fee.ref()), n, "the least any transactional delivery can do")
        total, parts = fragment_size(fee, "paid")
        print(f"\nfragment sent to a granted learner: {total / 1024:.1f} KB "
              + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in parts.items()))
        print_plans(fee, fee_big, sub_big)


def print_plans(fee, fee_big, sub_big):
    """EXPLAIN of the views' queries and of the staff on-demand handlers (when this version has them)."""
    print("\nQuery plans (EXPLAIN):")
    for label, (course, user, staff) in {"granted and paid view": (fee, "paid", False),
                                         "locked view": (fee, "locked", False),
                                         "staff view, large course": (fee_big, "staff", True),
                                         "subscription staff view, large course": (sub_big, "staff", True)}.items():
        print(f"- {label}")
        explain(count_queries(render_prep(course, user, staff)())[1])
    for label, course, handler in (("staff counts on demand, large course", fee_big, "staff_counts"),
                                   ("billing summary on demand, large course", sub_big, "staff_counts")):
        block = course.block_for("staff", True)
        if not hasattr(block, handler):
            continue
        prep = handler_prep(course, "staff", handler, {}, staff=True)
        timings = []
        for _ in range(20):
            call = prep()
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        count, sql = count_queries(prep())
        print(f"- {label} (a staff click, not a page view): {statistics.median(timings):.1f} ms median of 20, "
              f"{count} SQL")
        explain(sql)


if __name__ == "__main__":
    main()
