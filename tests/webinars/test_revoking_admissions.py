"""Issue 14's staff rules (items 5, 6 and 16) for webinars, which came to main after issue 14 started.

The block's "Who has access" list and the revocation (its question, what staff are told,
the learner's email) say how each learner came in: a personal link, the room password,
paid outside the platform, or a paid seat. A revocation holds: the learner's personal
links stop admitting them, and neither the room password (shared by design) nor a link
made before the revocation lets them back in; staff granting access again, or a link
issued after the revocation, does; a revocation made while a password is checked or a
link opened is not undone by it. Access that ended otherwise (sharing switched off, a
link that expired) does not stop a later admission. A payer whose seat was withdrawn is
told why on the block and is not charged again.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.models import Payment
from fee_training_xblock.webinars import links, rooms
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.runtime import call_json, student_html
from tests.support.stripe_cards import VISA, card_token, stripe_settings
from tests.webinars.conftest import FAST_HASHES, webinar

pytestmark = pytest.mark.django_db

PASSWORD = "Tulip-2026"


def staff(factory):
    return factory.block_for("staff-1", staff=True)


@pytest.fixture
def person(django_user_model):
    """person(name): an LMS account named `name` (staff tools find learners by username); its user key."""
    return lambda name: str(django_user_model.objects.create_user(name, f"{name}@example.org", "pw").pk)


def token_of(url):
    """The token at the end of a personal link's URL."""
    return url.rstrip("/").rsplit("/", 1)[1]


def password_room():
    """A webinar the room password alone admits (sharing on), its password set; the factory."""
    factory = webinar(sharing=True, password=True)
    assert call_json(staff(factory), "webinar_set_password", {"password": PASSWORD})[0] == 200
    return factory


def admitted_by_password(person, name):
    """(factory of a password_room, user key of `name`, who typed the room password and was admitted)."""
    key, factory = person(name), password_room()
    assert call_json(factory.block_for(key), "webinar_password", {"password": PASSWORD})[0] == 200
    return factory, key


def admitted_by_link(factory, name, key, paid_elsewhere=False):
    """Staff generate a personal link for `name`, who opens it (as user `key`) and types the room password."""
    status, body = call_json(staff(factory), "webinar_generate", {
        "participants": f"{name.title()} <{name}@example.org>", "send": False, "paid_elsewhere": paid_elsewhere})
    assert status == 200, body
    token = token_of(body["links"][0]["url"])
    assert links.claim(links.find_by_token(token), key)[0] == links.CLAIMED
    assert call_json(factory.block_for(key), "webinar_password", {"password": PASSWORD})[0] == 200
    return token


@pytest.fixture
def room():
    """An invited-only webinar (personal link, then the room password) with its password set."""
    factory = webinar(sharing=False, password=True)
    assert call_json(staff(factory), "webinar_set_password", {"password": PASSWORD})[0] == 200
    return factory


def test_the_access_list_says_how_each_participant_came_in(room, person):
    jola, piotr = person("jola"), person("piotr")
    admitted_by_link(room, "jola", jola)
    admitted_by_link(room, "piotr", piotr, paid_elsewhere=True)
    status, body = call_json(staff(room), "staff_access_list", {})
    assert status == 200
    how = {row["learner"]: row["how"] for row in body["rows"]}
    assert how == {"jola": "Webinar: personal link", "piotr": "Webinar: paid outside the platform, added by staff"}


def test_revoking_a_link_holder_ends_their_link_too(room, person, mailoutbox):
    jola = person("jola")
    token = admitted_by_link(room, "jola", jola)
    status, reply = call_json(staff(room), "staff_revoke", {"learner": "jola"})
    assert status == 200 and "needs_confirmation" not in reply
    assert "Webinar: personal link" in reply["message"] and "personal link no longer admits them" in reply["message"]
    assert WebinarLink.objects.get(claimed_by=jola).revoked_at is not None
    assert links.claim(links.find_by_token(token), jola)[0] == links.REVOKED  # the link cannot re-admit them
    html = student_html(room.block_for(jola))
    assert "SECRET-WEBINAR-MATERIAL" not in html
    status, body = call_json(room.block_for(jola), "webinar_password", {"password": PASSWORD})
    assert status == 400 and not ledger.has_access(room.block_for(jola).ref().usage_key, jola)
    assert "Webinar: personal link" in mailoutbox[-1].body and "no longer admits you" in mailoutbox[-1].body


def test_revoking_someone_who_paid_outside_the_platform_asks_first(room, person):
    piotr = person("piotr")
    admitted_by_link(room, "piotr", piotr, paid_elsewhere=True)
    status, question = call_json(staff(room), "staff_revoke", {"learner": "piotr"})
    assert status == 200 and question["needs_confirmation"]
    assert "paid for this webinar outside the platform" in question["message"]
    assert ledger.has_access(room.block_for(piotr).ref().usage_key, piotr)  # nothing happened yet
    status, reply = call_json(staff(room), "staff_revoke", {"learner": "piotr", "confirmed": True})
    assert status == 200 and "not refunded" in reply["message"]
    assert not ledger.has_access(room.block_for(piotr).ref().usage_key, piotr)


def test_the_room_password_does_not_let_a_learner_staff_removed_back_in(person):
    factory, kim = admitted_by_password(person, "kim")
    status, reply = call_json(staff(factory), "staff_revoke", {"learner": "kim"})
    assert status == 200 and "Webinar: room password" in reply["message"]
    assert "room password no longer admits them" in reply["message"]  # what staff are told is what happens
    html = student_html(factory.block_for(kim))
    assert 'data-situation="withdrawn"' in html and "withdrew your access" in html
    assert 'data-role="webinar-password-form"' not in html and "SECRET-WEBINAR-MATERIAL" not in html
    status, body = call_json(factory.block_for(kim), "webinar_password", {"password": PASSWORD})
    assert status == 400 and "withdrew your access to this webinar" in body["error"]
    assert not ledger.has_access(factory.block_for(kim).ref().usage_key, kim)

    assert call_json(staff(factory), "staff_grant", {"learner": "kim"})[0] == 200  # staff let them back in
    assert "SECRET-WEBINAR-MATERIAL" in student_html(factory.block_for(kim))
    assert call_json(staff(factory), "staff_revoke", {"learner": "kim"})[0] == 200
    assert call_json(factory.block_for(kim), "webinar_password", {"password": PASSWORD})[0] == 400  # and out again


def test_after_a_staff_revocation_only_a_link_issued_later_admits(room, person):
    jola = person("jola")
    admitted_by_link(room, "jola", jola)
    status, body = call_json(staff(room), "webinar_generate", {"participants": "Jola <jola.home@example.org>",
                                                               "send": False})
    assert status == 200, body
    older = token_of(body["links"][0]["url"])  # to her other address, never opened
    assert call_json(staff(room), "staff_revoke", {"learner": "jola"})[0] == 200
    outcome, link = links.claim(links.find_by_token(older), jola)
    assert outcome == links.WITHDRAWN and link.claimed_by == ""  # refused, and nothing changed
    assert not ledger.has_access(room.block_for(jola).ref().usage_key, jola)

    admitted_by_link(room, "jola", jola)  # staff issue a new link after the revocation: it admits
    assert "SECRET-WEBINAR-MATERIAL" in student_html(room.block_for(jola))


def test_access_that_ended_without_staff_does_not_block_the_password(person):
    factory, kim = admitted_by_password(person, "kim")
    block = staff(factory)
    for sharing in (False, True):  # switching sharing off ends password admissions; on again, the password admits
        block.webinar_sharing_allowed = sharing
        block.save()
        student_html(staff(factory))  # any view refreshes the room's copy of the settings
    assert not ledger.has_access(block.ref().usage_key, kim)
    assert call_json(factory.block_for(kim), "webinar_password", {"password": PASSWORD})[0] == 200
    assert ledger.has_access(block.ref().usage_key, kim)


@pytest.mark.stripe
def test_a_payer_whose_seat_was_withdrawn_is_told_why_and_not_charged_again(settings, stripe_api,
                                                                           django_user_model):
    settings.FEE_TRAINING = {**stripe_settings(stripe_api), **FAST_HASHES}
    factory = webinar(fee="29.00", currency="USD", sharing=False, password=True)
    alice = str(django_user_model.objects.create_user("alice", "alice@example.org", "pw").pk)
    student_html(factory.block_for(alice))  # the room is set up when the block is first shown
    status, body = call_json(factory.block_for(alice), "start_payment", {"card_token": card_token(stripe_api, VISA)})
    assert status == 200 and body["status"] == "paid", body
    status, question = call_json(staff(factory), "staff_revoke", {"learner": "alice"})
    assert question["needs_confirmation"] and "$29.00" in question["message"]
    status, reply = call_json(staff(factory), "staff_revoke", {"learner": "alice", "confirmed": True})
    assert status == 200 and "Card payment" in reply["message"] and "not refunded" in reply["message"]
    assert WebinarLink.objects.get(kind="paid").revoked_at is not None  # the seat's own link ends too
    html = student_html(factory.block_for(alice))
    assert 'data-role="access-notice"' in html and "withdrew your access" in html
    assert body["payment_intent_id"] in html and 'data-role="pay-form"' not in html
    status, body = call_json(factory.block_for(alice), "start_payment", {"card_token": card_token(stripe_api, VISA)})
    assert status == 400 and "You already paid for this content" in body["error"]
    assert Payment.objects.filter(payer_key=alice).count() == 1


def test_a_revocation_made_while_the_password_is_checked_is_not_undone(person, monkeypatch):
    factory, kim = admitted_by_password(person, "kim")
    real_check = rooms.passwords.password_matches

    def staff_revoke_meanwhile(typed, hashed):
        """Not a mock: the real check, with staff revoking kim during it (the hash is the slow part)."""
        assert call_json(staff(factory), "staff_revoke", {"learner": "kim"})[0] == 200
        return real_check(typed, hashed)

    monkeypatch.setattr(rooms.passwords, "password_matches", staff_revoke_meanwhile)
    status, body = call_json(factory.block_for(kim), "webinar_password", {"password": PASSWORD})  # a second tab
    assert status == 400 and "withdrew your access to this webinar" in body["error"]
    assert not ledger.has_access(factory.block_for(kim).ref().usage_key, kim)


def test_a_link_that_expired_does_not_stop_the_room_password(person):
    ola, factory = person("ola"), password_room()
    admitted_by_link(factory, "ola", ola)
    past = timezone.now() - timedelta(minutes=1)  # the link's expiry passed (set here rather than waited for)
    WebinarLink.objects.update(expires_at=past)
    AccessGrant.objects.update(expires_at=past)
    assert not ledger.has_access(factory.block_for(ola).ref().usage_key, ola)
    assert call_json(factory.block_for(ola), "webinar_password", {"password": PASSWORD})[0] == 200
    assert ledger.has_access(factory.block_for(ola).ref().usage_key, ola)


def test_a_revocation_made_while_a_link_is_opened_is_not_undone(person, monkeypatch):
    kim = person("kim")
    factory = webinar(sharing=False, password=False)  # the link alone admits
    student_html(staff(factory))
    assert call_json(staff(factory), "staff_grant", {"learner": "kim"})[0] == 200
    status, body = call_json(staff(factory), "webinar_generate", {"participants": "Kim <kim@example.org>",
                                                                  "send": False})
    token = token_of(body["links"][0]["url"])
    real_check = links.withdrawn_for

    def staff_revoke_meanwhile(link, user_key):
        """Not a mock: the real check, then staff revoke kim before her claim is written."""
        withdrawn = real_check(link, user_key)
        assert call_json(staff(factory), "staff_revoke", {"learner": "kim"})[0] == 200
        return withdrawn

    monkeypatch.setattr(links, "withdrawn_for", staff_revoke_meanwhile)
    outcome, _link = links.claim(links.find_by_token(token), kim)
    assert outcome == links.WITHDRAWN and WebinarLink.objects.get().claimed_by == ""  # the claim was undone
    assert not ledger.has_access(factory.block_for(kim).ref().usage_key, kim)


@pytest.mark.stripe
def test_in_a_paid_webinar_a_learner_staff_removed_may_still_buy_a_seat(settings, stripe_api, person):
    settings.FEE_TRAINING = {**stripe_settings(stripe_api), **FAST_HASHES}
    kim = person("kim")
    factory = webinar(fee="29.00", currency="USD", sharing=True, password=True)
    assert call_json(staff(factory), "webinar_set_password", {"password": PASSWORD})[0] == 200
    assert call_json(staff(factory), "staff_grant", {"learner": "kim"})[0] == 200  # a guest, who never paid
    assert call_json(staff(factory), "staff_revoke", {"learner": "kim"})[0] == 200
    html = student_html(factory.block_for(kim))  # as in fee mode: told why, and offered the seat
    assert 'data-situation="pay"' in html and "or pay below to open it" in html and 'data-role="pay-form"' in html
    status, body = call_json(factory.block_for(kim), "webinar_password", {"password": PASSWORD})
    assert status == 400 and "Pay for this webinar first" in body["error"]  # the password never replaces the fee
    status, body = call_json(factory.block_for(kim), "start_payment", {"card_token": card_token(stripe_api, VISA)})
    assert status == 200 and body["status"] == "paid", body
    assert "SECRET-WEBINAR-MATERIAL" in student_html(factory.block_for(kim))


def test_resending_an_old_invitation_does_not_readmit_but_reissuing_it_does(room, person):
    jola = person("jola")
    admitted_by_link(room, "jola", jola)
    assert call_json(staff(room), "webinar_generate", {"participants": "Jola <jola.home@example.org>",
                                                       "send": False})[0] == 200  # to her other address
    older = WebinarLink.objects.get(participant_email="jola.home@example.org")
    assert call_json(staff(room), "staff_revoke", {"learner": "jola"})[0] == 200
    token = token_of(links.issue_token(older))  # what resending its invitation does: a new token
    assert links.claim(links.find_by_token(token), jola)[0] == links.WITHDRAWN
    status, body = call_json(staff(room), "webinar_reissue", {"link": older.pk})  # staff choose to give a new link
    assert status == 200, body
    token = token_of(body["url"])
    assert links.claim(links.find_by_token(token), jola)[0] == links.CLAIMED
    assert call_json(room.block_for(jola), "webinar_password", {"password": PASSWORD})[0] == 200
    assert "SECRET-WEBINAR-MATERIAL" in student_html(room.block_for(jola))
