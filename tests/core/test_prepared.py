"""core.prepared on the real database: compiled once, the same answers and types as the ORM, one query a call."""
from datetime import timedelta

import pytest
from django.db.models import CharField, DateTimeField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants():
    """Two grants of one block, one expiring."""
    soon = timezone.now() + timedelta(days=3)
    AccessGrant.objects.create(course_key="c", usage_key="b", user_key="1", via="staff")
    AccessGrant.objects.create(course_key="c", usage_key="b", user_key="2", via="payment", expires_at=soon)
    return soon


def test_first_gives_the_instance_the_orm_gives_with_its_annotations(grants, django_assert_num_queries):
    query = PreparedQuery(AccessGrant, lambda block, user: AccessGrant.objects.filter(
        usage_key=block, user_key=user).annotate(label=Value("x")), arity=2)
    for user in ("2", "1", "2"):
        with django_assert_num_queries(1):
            grant = query.first("b", user)
        expected = AccessGrant.objects.get(usage_key="b", user_key=user)
        assert (grant.pk, grant.via, grant.granted_at, grant.expires_at, grant.label) == (
            expected.pk, expected.via, expected.granted_at, expected.expires_at, "x")
    assert grant.expires_at == grants and grant.expires_at.tzinfo is not None
    assert query.first("b", "nobody") is None


def test_rows_gives_the_tuples_of_a_values_list_query(grants):
    query = PreparedQuery(AccessGrant, lambda block: AccessGrant.objects.filter(usage_key=block).order_by(
        "user_key").values_list("user_key", "expires_at"), arity=1)
    assert query.rows("b") == list(AccessGrant.objects.filter(usage_key="b").order_by("user_key").values_list(
        "user_key", "expires_at"))
    assert query.rows("other") == []


def test_a_placeholder_used_twice_and_a_datetime_placeholder_get_their_values_everywhere(grants):
    query = PreparedQuery(AccessGrant, lambda user, now: AccessGrant.objects.filter(
        Q(user_key=user) | Q(reference=user), Q(expires_at__isnull=True) | Q(expires_at__gt=now)).order_by(
        "user_key").values_list("user_key", flat=True), fields=(CharField(), DateTimeField()))
    now = timezone.now()
    assert query.rows("2", now) == [("2",)]
    assert query.rows("2", grants + timedelta(seconds=1)) == []  # expired by then: the datetime reached the SQL
    assert query.rows("1", now) == [("1",)]


def test_a_query_the_swap_cannot_follow_runs_through_the_orm_with_the_same_answer(grants, caplog):
    # A placeholder used where Django renders it into the SQL text, not as a parameter: the swap cannot work.
    query = PreparedQuery(AccessGrant, lambda user: AccessGrant.objects.filter(user_key="1").annotate(
        label=RawSQL("'fixed'", [])).filter(via=Value("staff")).extra(where=[f"1 = 1 OR '{user}' = ''"]), arity=1)
    for _ in range(2):
        grant = query.first("ignored")
        assert grant.user_key == "1" and grant.label == "fixed"
    assert [record.message for record in caplog.records if "runs through the ORM" in record.message] != []
