"""Benchmark (not a test): time of one promo-code lookup + quote with 1,000 and 100,000 codes stored.

Run from the repository root:  .venv/bin/python benchmarks/promo_lookup.py
It starts a throwaway MariaDB like the test suite does (tests/plugin_mariadb.py),
unless FEE_TRAINING_TEST_DB_HOST points at a running server or
FEE_TRAINING_TEST_DB=sqlite asks for SQLite. Figures are printed, never asserted.
"""
import statistics
import time

from fixtures import prepare_django, start_database  # the runner's throwaway MariaDB and Django set-up

SIZES = (1_000, 100_000)
LOOKUPS = 500


def fill(count, ref, settings):
    """Top the table up to `count` generated codes (same shape as a staff batch); returns their texts."""
    from fee_training_xblock.models import PromoCode  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.promos.domain.codes import generate_code  # pylint: disable=import-outside-toplevel

    have = PromoCode.objects.count()
    fresh = set()
    while len(fresh) < count - have:
        fresh.add(generate_code())
    for start in range(0, len(fresh), 5000):
        chunk = sorted(fresh)[start:start + 5000]
        PromoCode.objects.bulk_create([
            PromoCode(code=code, kind="percent", percent=10, scope="course", scope_key=ref.course_key,
                      max_redemptions=100, batch="BENCH") for code in chunk
        ])
    return list(PromoCode.objects.values_list("code", flat=True).order_by("?")[:LOOKUPS])


def time_lookups(codes, ref, settings):
    """Milliseconds per promos.quotes.lookup_and_quote call with a valid code (one per learner)."""
    from django.core.cache import cache  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.promos.quotes import lookup_and_quote  # pylint: disable=import-outside-toplevel

    cache.clear()
    for code in codes[:20]:  # warm up connections and caches
        lookup_and_quote(settings.fee, ref, "warmup", code)
    timings = []
    for index, code in enumerate(codes):
        started = time.perf_counter()
        quote = lookup_and_quote(settings.fee, ref, f"bench-{index}", code.lower())
        timings.append((time.perf_counter() - started) * 1000)
        assert quote.discount.minor > 0
    return timings


def main():
    """Fill, time and print; stop the database server we started."""
    server = start_database()
    try:
        vendor = prepare_django()
        from fee_training_xblock.core.domain.block_settings import load_settings  # pylint: disable=import-outside-toplevel
        from fee_training_xblock.data import BlockRef  # pylint: disable=import-outside-toplevel

        settings = load_settings("Bench", "49.00", "USD", "fee")
        ref = BlockRef(course_key="course-v1:Bench+B1+2026",
                       usage_key="block-v1:Bench+B1+2026+type@fee_training+block@b")
        print(f"database: {vendor}; {LOOKUPS} lookups of a valid code (normalise, indexed lookup, counts, quote)")
        print(f"{'codes':>8}  {'median ms':>9}  {'p95 ms':>7}  {'max ms':>7}")
        for size in SIZES:
            codes = fill(size, ref, settings)
            timings = sorted(time_lookups(codes, ref, settings))
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{size:>8,}  {statistics.median(timings):>9.3f}  {p95:>7.3f}  {timings[-1]:>7.3f}")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
