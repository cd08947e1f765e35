"""The personal-link page through Django's full request stack: the LMS path (signed-in accounts, sign-in round
trip, one account per link) and the workbench path (student ids typed on the page)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.data import BlockRef
from fee_training_xblock.webinars import links, rooms
from fee_training_xblock.webinars.domain.participants import Participant
from fee_training_xblock.webinars.models import Webinar, WebinarLink

pytestmark = pytest.mark.django_db

COURSE, USAGE = "course-v1:Org+Data+2026", "block-v1:Org+Data+2026+type@fee_training+block@qa"
PAGE = "/fee_training/webinar/link/"


@pytest.fixture
def lms(settings):
    """The LMS's URL names (a stand-in jump_to) and its sign-in page."""
    settings.ROOT_URLCONF = "tests.webinars.lms_urls"
    settings.LOGIN_URL = "/login"


def make_room(password_required=False, course=COURSE, usage=USAGE):
    values = rooms.copy_values("Live Q&A", None, password_required=password_required, sharing_allowed=False,
                               has_fee=False, signature="")
    return rooms.sync_room(BlockRef(course, usage), values)


def issue(room, expires_at=None):
    issued, _ = links.generate(room, [Participant("Anna Nowak", "anna@example.org")],
                               kind=WebinarLink.KIND_INVITED, expires_at=expires_at, show_links=True)
    return issued[0].url.split("http://testserver", 1)[1]


def open_as(client, path):
    """Open a personal link: the token goes into the session; returns the page response."""
    first = client.get(path)
    assert first.status_code == 302 and first["Location"] == PAGE and first["Referrer-Policy"] == "no-referrer"
    return client.get(PAGE)


def test_a_signed_out_visitor_signs_in_and_comes_back_without_the_token_in_any_url(client, lms):
    path = issue(make_room())
    token = path.rstrip("/").rsplit("/", 1)[1]
    page = open_as(client, path)
    assert page.status_code == 302 and page["Location"] == "/login?next=/fee_training/webinar/link/"
    assert token not in page["Location"]
    assert WebinarLink.objects.get().claimed_by == ""  # nothing happens before the account is known


def test_the_first_account_claims_the_link_and_any_other_account_is_refused(client, lms, django_user_model):
    anna = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    boris = django_user_model.objects.create_user("boris", "boris@example.org", "pw")
    path = issue(make_room())
    client.force_login(anna)
    page = open_as(client, path)
    assert page.status_code == 200 and "Join as anna" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert WebinarLink.objects.get().claimed_by == ""  # a GET (or a link preview) claims nothing
    joined = client.post(PAGE)
    assert joined.status_code == 302 and joined["Location"] == f"/courses/{COURSE}/jump_to/{USAGE}"
    grant = AccessGrant.objects.get(user_key=str(anna.pk))
    assert grant.via == AccessGrant.VIA_WEBINAR_LINK and ledger.has_access(USAGE, str(anna.pk))
    assert client.get(joined["Location"]).content.decode() == f"unit of {USAGE} in {COURSE}"

    other = client.__class__()
    other.force_login(boris)
    refused = open_as(other, path)
    assert refused.status_code == 403 and "already used by another account" in refused.content.decode()
    assert other.post(PAGE).status_code == 403
    assert not ledger.has_access(USAGE, str(boris.pk))
    again = open_as(client, path)  # the holder may open it again
    assert again.status_code == 302 and again["Location"].endswith(USAGE)


def test_expired_revoked_unknown_and_malformed_links_admit_no_one(client, lms, django_user_model):
    client.force_login(django_user_model.objects.create_user("cara", "cara@example.org", "pw"))
    room = make_room()
    expired = issue(room, expires_at=timezone.now() + timedelta(seconds=1))
    WebinarLink.objects.filter(expires_at__isnull=False).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = open_as(client, expired)
    assert page.status_code == 410 and "expired on" in page.content.decode()
    assert client.post(PAGE).status_code == 410
    revoked_path = issue(make_room(usage=USAGE + "2"))
    links.revoke(WebinarLink.objects.get(webinar__usage_key=USAGE + "2").webinar,
                 WebinarLink.objects.get(webinar__usage_key=USAGE + "2").pk, by="staff-1")
    page = open_as(client, revoked_path)
    assert page.status_code == 410 and "withdrawn" in page.content.decode()
    unknown = open_as(client, PAGE + "A" * 43 + "/")
    assert unknown.status_code == 404 and "This link is not valid" in unknown.content.decode()
    assert client.get(PAGE + "not-a-token/").status_code == 404
    assert client.get(PAGE + "x" * 2000 + "/").status_code == 404
    assert not AccessGrant.objects.exists()


def test_with_a_required_password_the_link_leads_to_the_password_step(client, lms, django_user_model):
    dana = django_user_model.objects.create_user("dana", "dana@example.org", "pw")
    client.force_login(dana)
    path = issue(make_room(password_required=True))
    open_as(client, path)
    assert client.post(PAGE).status_code == 302
    assert WebinarLink.objects.get().claimed_by == str(dana.pk)
    assert not AccessGrant.objects.exists()  # admitted only once the password is typed in the block


def test_in_the_workbench_the_visitor_types_their_student_id_and_lands_on_the_scenario(client):
    page = client.get("/scenario/fee_training.5/?student=staff")  # shows the block: its room exists now
    assert page.status_code == 200
    room = Webinar.objects.get()
    path = issue(room)
    form = open_as(client, path)
    assert form.status_code == 200 and "Workbench student id" in form.content.decode()
    bad = client.get(PAGE, {"student": "<script>"})
    assert bad.status_code == 400 and "Workbench student id: use 1 to 64" in bad.content.decode()
    ask = client.get(PAGE, {"student": "wb-bob"})
    assert "Join as wb-bob" in ask.content.decode()
    joined = client.post(PAGE, {"student": "wb-bob"})
    assert joined.status_code == 302 and joined["Location"] == "/scenario/fee_training.5/?student=wb-bob"
    assert WebinarLink.objects.get().claimed_by == "wb-bob"
    html = client.get(joined["Location"]).content.decode()
    assert 'data-situation="not_ready"' in html  # the scenario requires a password that staff have not set yet


def test_the_demo_masterclass_sells_a_seat(client):
    html = client.get("/scenario/fee_training.6/?student=wb-dana").content.decode()
    assert 'data-situation="pay"' in html and "$29.00" in html and "masterclass-marker" not in html.split(
        "Scenario</span>")[0]


def test_a_link_made_before_staff_removed_the_learner_is_refused_on_the_page(client, lms, django_user_model):
    dora = django_user_model.objects.create_user("dora", "dora@example.org", "pw")
    client.force_login(dora)
    room = make_room()
    path = issue(room)  # an invitation she never opened
    ledger.grant_access(BlockRef(COURSE, USAGE), str(dora.pk), AccessGrant.VIA_STAFF, "staff:staff-1")
    assert ledger.revoke_access(USAGE, str(dora.pk), "revoked by staff staff-1", by_staff=True)
    page = open_as(client, path)
    assert page.status_code == 403 and "withdrew your access to this webinar" in page.content.decode()
    assert client.post(PAGE).status_code == 403
    assert WebinarLink.objects.get().claimed_by == "" and not ledger.has_access(USAGE, str(dora.pk))
