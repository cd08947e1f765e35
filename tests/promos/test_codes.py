"""Promo-code use cases on the database (promos.py): create, bulk, list, quote, hold, confirm, release, free."""
import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from fee_training_xblock.core import ledger as services
from fee_training_xblock.core.domain.block_settings import load_settings
from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import AccessGrant, PromoCode, PromoRedemption
from fee_training_xblock.promos import quotes
from fee_training_xblock.promos import redemptions as promos
from fee_training_xblock.promos import staff as promo_staff
from fee_training_xblock.promos.domain import codes as rules
from fee_training_xblock.promos.domain import staff_input

REF = BlockRef(course_key="course-v1:Org+C1+2026", usage_key="block-v1:Org+C1+2026+type@fee_training+block@pay")
OTHER_BLOCK = BlockRef(course_key=REF.course_key, usage_key="block-v1:Org+C1+2026+type@fee_training+block@other")
OTHER_COURSE = BlockRef(course_key="course-v1:Org+C2+2026", usage_key="block-v1:Org+C2+2026+type@fee_training+block@a")
OTHER_ORG = BlockRef(course_key="course-v1:Else+C3+2026", usage_key="block-v1:Else+C3+2026+type@fee_training+block@b")
USD49 = load_settings("Paid", "49.00", "USD", "fee")

pytestmark = pytest.mark.django_db


def make(code="SPRING25", settings=USD49, ref=REF, **data):
    """Create a code through the staff use case."""
    values = {"code": code, "kind": "percent", "value": "25"}
    values.update(data)
    return promo_staff.create_code(settings.fee, ref, values, created_by="staff1")


def test_create_and_quote_is_case_and_space_insensitive():
    make()
    quote = quotes.lookup_and_quote(USD49.fee, REF, "u1", " spring 25 ")
    assert (quote.fee.minor, quote.discount.minor, quote.total.minor) == (4900, 1225, 3675)
    assert quote.promo_code == "SPRING25"


def test_quote_without_code_is_the_fee():
    assert quotes.lookup_and_quote(USD49.fee, REF, "u1", "").total.minor == 4900


def test_duplicate_code_text_is_refused_and_nothing_written():
    make()
    with pytest.raises(staff_input.InvalidPromoInput) as caught:
        make(code="spring-25")
    assert caught.value.field == "code"
    assert PromoCode.objects.count() == 1


def test_bad_input_writes_nothing():
    with pytest.raises(staff_input.InvalidPromoInput) as caught:
        make(kind="amount", value="60")
    assert caught.value.field == "value"
    assert not PromoCode.objects.exists()


def test_generated_code_when_text_blank():
    row = make(code="", prefix="web")
    assert row.code.startswith("WEB") and len(row.code) == 3 + rules.GENERATED_LENGTH


def test_bulk_generate_unique_codes_and_csv():
    batch, codes = promo_staff.bulk_generate(USD49.fee, REF, {"count": "50", "kind": "percent", "value": "10"}, "staff1")
    assert len(set(codes)) == 50 and PromoCode.objects.filter(batch=batch).count() == 50
    rows = list(csv.DictReader(io.StringIO(promo_staff.codes_csv(REF, batch=batch))))
    assert sorted(r["code"] for r in rows) == codes
    assert rows[0]["discount"] == "10%"


@pytest.mark.parametrize("count", ["0", "-1", str(rules.MAX_BULK + 1), "many"])
def test_bulk_generate_bad_count(count):
    with pytest.raises(staff_input.InvalidPromoInput) as caught:
        promo_staff.bulk_generate(USD49.fee, REF, {"count": count, "kind": "percent", "value": "10"}, "staff1")
    assert caught.value.field == "count"
    assert not PromoCode.objects.exists()


def test_distinct_learner_errors():
    now = timezone.now()
    make("LATER", valid_from=(now + timedelta(days=2)).isoformat())
    make("GONE", valid_from=(now - timedelta(days=3)).isoformat(), valid_until=(now + timedelta(days=1)).isoformat())
    make("OTHERBLOCK", ref=OTHER_BLOCK)
    make("ONCE", max_redemptions="1", value="100")
    expected = {
        "NOPE": rules.UnknownCode,
        "LATER": rules.CodeNotYetValid,
        "OTHERBLOCK": rules.UnknownCode,  # outsiders learn nothing about codes of other blocks (issue 14, item 11)
    }
    for code, error in expected.items():
        with pytest.raises(error):
            quotes.lookup_and_quote(USD49.fee, REF, "u1", code)
        cache.clear()
    with pytest.raises(rules.CodeExpired):
        quotes.lookup_and_quote(USD49.fee, REF, "u1", "GONE", now=now + timedelta(days=2))
    promos.redeem_free(USD49.fee, REF, "u1", "ONCE")
    with pytest.raises(rules.CodeAlreadyUsed):
        quotes.lookup_and_quote(USD49.fee, REF, "u1", "ONCE")
    with pytest.raises(rules.CodeUsedUp):
        quotes.lookup_and_quote(USD49.fee, REF, "u2", "ONCE")


def test_scopes_course_and_organization():
    make("COURSEWIDE", scope="course")
    make("ORGWIDE", scope="organization")
    assert quotes.lookup_and_quote(USD49.fee, OTHER_BLOCK, "u1", "COURSEWIDE").discount.minor == 1225
    with pytest.raises(rules.UnknownCode):
        quotes.lookup_and_quote(USD49.fee, OTHER_COURSE, "u1", "COURSEWIDE")
    assert quotes.lookup_and_quote(USD49.fee, OTHER_COURSE, "u1", "ORGWIDE").discount.minor == 1225
    with pytest.raises(rules.UnknownCode):
        quotes.lookup_and_quote(USD49.fee, OTHER_ORG, "u1", "ORGWIDE")


def test_wide_amount_code_capped_and_currency_checked():
    make("BIGONE", kind="amount", value="100", scope="course")
    quote = quotes.lookup_and_quote(USD49.fee, OTHER_BLOCK, "u1", "BIGONE")
    assert quote.total.minor == 0 and quote.discount.minor == 4900
    eur = load_settings("Paid", "49.00", "EUR", "fee")
    with pytest.raises(rules.CodeWrongCurrency):
        quotes.lookup_and_quote(eur.fee, OTHER_BLOCK, "u1", "BIGONE")


def test_rate_limit_after_repeated_wrong_codes():
    for attempt in range(5):
        with pytest.raises(rules.UnknownCode):
            quotes.lookup_and_quote(USD49.fee, REF, "guesser", f"WRONG{attempt}")
    make("GOOD")
    with pytest.raises(rules.TooManyAttempts) as caught:
        quotes.lookup_and_quote(USD49.fee, REF, "guesser", "GOOD")
    assert "try again after" in caught.value.message
    assert quotes.lookup_and_quote(USD49.fee, REF, "someone-else", "GOOD").discount.minor == 1225


def test_hold_confirm_counts_once_and_is_idempotent():
    make("TWICE", max_redemptions="2")
    held, quote = promos.hold_redemption(USD49.fee, REF, "u1", "twice")
    assert held.status == "held" and quote.total.minor == 3675
    again, _ = promos.hold_redemption(USD49.fee, REF, "u1", "TWICE")
    assert again.pk == held.pk, "a second start reuses the learner's hold"
    events = []
    confirmed = promos.confirm_redemption(REF, "u1", "TWICE", reference="pi_1", publish=lambda *e: events.append(e))
    assert confirmed.status == "confirmed" and confirmed.reference == "pi_1"
    assert promos.confirm_redemption(REF, "u1", "TWICE").pk == held.pk
    assert len(events) == 1 and events[0][0] == "promo.redeemed" and events[0][1]["total_minor"] == 3675
    listed = promo_staff.list_codes(REF)[0]
    assert listed["uses"] == 1 and listed["uses_left"] == 1 and listed["redeemed_by"][0]["user_key"] == "u1"


def test_held_slot_blocks_others_until_released_or_expired():
    make("SOLO", max_redemptions="1")
    promos.hold_redemption(USD49.fee, REF, "u1", "SOLO")
    with pytest.raises(rules.CodeUsedUp):
        promos.hold_redemption(USD49.fee, REF, "u2", "SOLO")
    assert promos.release_redemption(REF, "u1", "SOLO")
    cache.clear()
    promos.hold_redemption(USD49.fee, REF, "u2", "SOLO")
    later = timezone.now() + promos.hold_duration() + timedelta(seconds=1)
    held, _ = promos.hold_redemption(USD49.fee, REF, "u3", "SOLO", now=later)
    assert held.user_key == "u3", "an abandoned hold does not lock the code forever"
    assert promos.confirm_redemption(REF, "u2", "SOLO", now=later) is None, "lapsed hold, code full: not counted"
    assert PromoRedemption.objects.filter(status="confirmed").count() == 0


def test_lapsed_hold_still_confirmed_when_room_left():
    make("ROOMY", max_redemptions="3")
    promos.hold_redemption(USD49.fee, REF, "u1", "ROOMY")
    later = timezone.now() + promos.hold_duration() + timedelta(minutes=1)
    assert promos.confirm_redemption(REF, "u1", "ROOMY", now=later).status == "confirmed"


def test_free_code_grants_access_without_payment():
    make("FREE", value="100")
    redemption, grant = promos.redeem_free(USD49.fee, REF, "u1", "free")
    assert (redemption.total_minor, redemption.discount_minor, redemption.status) == (0, 4900, "confirmed")
    assert grant.via == "promo" and grant.reference == "FREE"
    assert services.has_access(REF.usage_key, "u1")
    assert AccessGrant.objects.count() == 1


def test_partial_code_cannot_be_redeemed_free():
    make()
    with pytest.raises(rules.NeedsPayment):
        promos.redeem_free(USD49.fee, REF, "u1", "SPRING25")
    assert not AccessGrant.objects.exists() and not PromoRedemption.objects.exists()


def test_deactivate_stops_new_uses():
    make()
    promo_staff.deactivate(REF, "spring25")
    with pytest.raises(rules.UnknownCode):  # a switched-off code reads like one that never existed
        quotes.lookup_and_quote(USD49.fee, REF, "u1", "SPRING25")
    with pytest.raises(rules.UnknownCode):
        promo_staff.deactivate(OTHER_COURSE, "SPRING25")


def test_reusable_code_can_be_used_again_by_same_learner():
    make("MANY", once_per_learner="false", value="100", scope="course")
    promos.redeem_free(USD49.fee, REF, "u1", "MANY")
    promos.redeem_free(USD49.fee, OTHER_BLOCK, "u1", "MANY")
    assert PromoRedemption.objects.filter(status="confirmed", learner_slot__isnull=True).count() == 2


def test_release_command_tidies_lapsed_holds():
    from django.core.management import call_command  # pylint: disable=import-outside-toplevel
    make("TIDY", max_redemptions="2")
    promos.hold_redemption(USD49.fee, REF, "u2", "TIDY")
    promos.hold_redemption(USD49.fee, REF, "u1", "TIDY", now=timezone.now() - timedelta(hours=2))
    out = io.StringIO()
    call_command("release_expired_promo_holds", stdout=out)
    assert "Released 1" in out.getvalue()
    assert list(PromoRedemption.objects.order_by("user_key").values_list("status", "learner_slot")) == [
        ("released", None), ("held", "u2")]


def test_admin_pages_and_deactivate_action(admin_client):
    row = make("ADMINCODE")
    assert admin_client.get("/admin/fee_training_xblock/promocode/").status_code == 200
    assert admin_client.get(f"/admin/fee_training_xblock/promocode/{row.pk}/change/").status_code == 200
    response = admin_client.post("/admin/fee_training_xblock/promocode/",
                                 {"action": "deactivate_codes", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.active


def test_admin_add_normalises_and_refuses_duplicates(admin_client):
    make("SPRING25")
    form = {"code": "spring 25", "kind": "percent", "percent": "10", "scope": "course", "scope_key": REF.course_key,
            "once_per_learner": "on", "active": "on", "created_at_0": "2026-11-21", "created_at_1": "10:00:00",
            "redemptions-TOTAL_FORMS": "0", "redemptions-INITIAL_FORMS": "0"}
    response = admin_client.post("/admin/fee_training_xblock/promocode/add/", form)
    assert response.status_code == 200 and "already exists" in response.content.decode()
    form["code"] = "new-code 7"
    response = admin_client.post("/admin/fee_training_xblock/promocode/add/", form)
    assert response.status_code == 302
    assert PromoCode.objects.filter(code="NEWCODE7", percent=10).exists()
    form.update(code="BADPCT", percent="150")
    response = admin_client.post("/admin/fee_training_xblock/promocode/add/", form)
    assert response.status_code == 200 and not PromoCode.objects.filter(code="BADPCT").exists()


def test_release_by_reference_spares_the_next_attempt():
    make("RETRY", max_redemptions="1")
    promos.hold_redemption(USD49.fee, REF, "u1", "RETRY", reference="pi_first")
    promos.hold_redemption(USD49.fee, REF, "u1", "RETRY", reference="pi_second")  # the learner tried again
    assert not promos.release_redemption(REF, "u1", "RETRY", reference="pi_first"), "late event of the old attempt"
    assert PromoRedemption.objects.get().status == "held"
    assert promos.release_redemption(REF, "u1", "RETRY", reference="pi_second")
    assert PromoRedemption.objects.get().status == "released"
