"""core.prepared on the real database: compiled once, the same answers and types as the ORM, one query a call."""
from datetime import timedelta

import pytest
from django.db.models import Value
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
