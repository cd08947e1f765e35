"""One link, one person, on MariaDB (the database Open edX runs): accounts opening the same unused personal link
at the same moment, each in its own thread and connection, released together by a Barrier. Exactly one claims it.

SQLite serialises writers, so a race cannot happen there: these tests skip on it.
"""
import pytest
from django.db import connection

from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.data import BlockRef
from fee_training_xblock.webinars import links, rooms
from fee_training_xblock.webinars.domain.participants import Participant
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mysql]
REF = BlockRef("course-v1:Org+Race+2026", "block-v1:Org+Race+2026+type@fee_training+block@webinar")


@pytest.fixture(autouse=True)
def _real_server_only():
    if connection.vendor != "mysql":
        pytest.skip("needs MariaDB/MySQL: SQLite serialises writers, so a race cannot happen there")


def fresh_link():
    room = rooms.sync_room(REF, rooms.copy_values("Race", None, password_required=False, sharing_allowed=False,
                                                  has_fee=False, signature=""))
    issued, _ = links.generate(room, [Participant("Anna", "")], kind=WebinarLink.KIND_INVITED)
    return links.find_by_token(issued[0].url.rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize("accounts", [2, 8])
def test_accounts_opening_the_same_unused_link_at_once_exactly_one_claims_it(accounts):
    for round_number in range(5):
        link = fresh_link()
        outcomes = run_concurrently(
            lambda i, link=link, prefix=round_number: links.claim(link, f"account-{prefix}-{i}")[0], accounts)
        assert [outcome.error for outcome in outcomes] == [None] * accounts
        results = sorted(outcome.result for outcome in outcomes)
        assert results == [links.CLAIMED] + [links.TAKEN] * (accounts - 1)
        winner = WebinarLink.objects.get(pk=link.pk).claimed_by
        assert list(AccessGrant.objects.filter(usage_key=REF.usage_key, reference=f"webinar-link:{link.pk}")
                    .values_list("user_key", flat=True)) == [winner]
