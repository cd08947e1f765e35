"""Retiring a user erases the names and emails we keep about them; ids, amounts and dates stay for accounting.

The LMS's signal is a stand-in for openedx/core/djangoapps/user_api/accounts/signals.py
(USER_RETIRE_LMS_MISC, sent with `user` while the account's email is still the original);
edx-platform cannot run here. Everything else is the real plugin on the test database.
"""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.dispatch import Signal
from django.utils import timezone

from fee_training_xblock.core.retirement import retire_user
from fee_training_xblock.live_sessions.models import LiveSession
from fee_training_xblock.lms import receivers
from fee_training_xblock.models import CourseAssignment, Payment, Webinar, WebinarLink
from tests.support.lms import install

pytestmark = pytest.mark.django_db

COURSE = "course-v1:Acme+Lab+2026"
BLOCK = "block-v1:Acme+Lab+2026+type@fee_training+block@gate"


def make_rows(user_key, email):
    """A payment, a claimed and a typed webinar link, and a hosted live session of this person."""
    Payment.objects.create(payer_key=user_key, payer_email=email, product_type="block_access", product_id=BLOCK,
                           course_key=COURSE, usage_key=BLOCK, payment_intent_id=f"pi_{user_key}", fee_minor=4999,
                           amount_minor=4999, currency="USD", status="paid", paid_at=timezone.now())
    room, _ = Webinar.objects.get_or_create(usage_key=BLOCK, defaults={"course_key": COURSE, "title": "Q&A"})
    WebinarLink.objects.create(webinar=room, participant_name=f"Claimer {user_key}", participant_email=f"typo-{user_key}@example.org",
                               claimed_by=user_key)
    WebinarLink.objects.create(webinar=room, participant_name=f"Typed {user_key}", participant_email=email.upper())
    LiveSession.objects.create(course_key=COURSE, usage_key=BLOCK, organization="Acme", host_key=user_key,
                               host_email=email, title="Onboarding", kind="now", duration_minutes=60,
                               session_computers=25, teleconference_computers=10, division="Sales",
                               currency="USD", people_minute_rate=Decimal("0.10"),
                               teleconference_minute_rate=Decimal("0.05"), rate_source="settings",
                               amount_minor=18000, valid_until=timezone.now() + timedelta(hours=1))


def test_retirement_forgets_emails_and_names_and_keeps_the_money():
    make_rows("7", "ada@example.org")
    make_rows("8", "bob@example.org")  # somebody else: untouched
    changed = retire_user("7", ["ada@example.org"])
    assert changed == {"payments": 1, "webinar links": 2, "live sessions": 1}
    payment = Payment.objects.get(payer_key="7")
    assert (payment.payer_email, payment.amount_minor, payment.status) == ("", 4999, "paid")
    assert list(WebinarLink.objects.filter(participant_name__endswith=" 7")) == []
    assert WebinarLink.objects.filter(participant_name__endswith=" 8").count() == 2
    assert LiveSession.objects.get(host_key="7").host_email == "" and LiveSession.objects.get(host_key="7").amount_minor
    assert Payment.objects.get(payer_key="8").payer_email == "bob@example.org"
    assert LiveSession.objects.get(host_key="8").host_email == "bob@example.org"
    assert retire_user("7", ["ada@example.org"]) == {"payments": 0, "webinar links": 0, "live sessions": 0}


def test_the_lms_retirement_signal_reaches_the_plugin(monkeypatch, django_user_model):
    install.install()
    try:
        from openedx.core.djangoapps.user_api.accounts import signals  # pylint: disable=import-outside-toplevel
        assert isinstance(signals.USER_RETIRE_LMS_MISC, Signal)
        assert receivers.connect_retirement() is True
        user = django_user_model.objects.create_user("ada", "ada@example.org", "pw")
        make_rows(str(user.id), "ada@example.org")
        signals.USER_RETIRE_LMS_MISC.send(sender=None, user=user)
        assert Payment.objects.get(payer_key=str(user.id)).payer_email == ""
        assert CourseAssignment.objects.count() == 0  # billing rows are never deleted by retirement (none here)
    finally:
        install.uninstall()


def test_outside_the_lms_there_is_no_retirement_signal_to_follow():
    assert receivers.connect_retirement() is False
