"""Staff tools of a webinar block: room password, personal links, the table and its CSV; Studio checks; OLX export."""
import io

import pytest
import webob

from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.webinars import links
from fee_training_xblock.webinars.models import Webinar, WebinarLink
from tests.support.runtime import call_json
from tests.webinars.conftest import webinar

pytestmark = pytest.mark.django_db

STUDIO = {"display_name": "Live Q&A", "fee": "0", "currency": "EUR", "access_mode": "webinar", "benefit": "",
          "webinar_starts_at": "2026-12-02 18:00", "webinar_time_zone": "Europe/Warsaw",
          "webinar_duration_minutes": 90, "webinar_join_url": "https://meet.example.org/qa",
          "webinar_password_required": True, "webinar_sharing_allowed": False, "webinar_signature": ""}


def staff(factory):
    return factory.block_for("staff-1", staff=True)


def generate(factory, **payload):
    return call_json(staff(factory), "webinar_generate", {"send": False, **payload})


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[1]


def test_the_room_password_is_stored_only_as_a_hash_and_never_echoed():
    factory = webinar()
    status, body = call_json(staff(factory), "webinar_set_password", {"password": "Tulip-2026"})
    assert status == 200 and "Tulip-2026" not in str(body)
    room = Webinar.objects.get()
    assert room.password_hash.startswith("pbkdf2_sha256$") and "Tulip-2026" not in room.password_hash
    assert call_json(staff(factory), "webinar_clear_password", {})[0] == 200
    assert Webinar.objects.get().password_hash == ""


@pytest.mark.parametrize("handler,payload,field_words", [
    ("webinar_set_password", {"password": "abc"}, "at least 6"),
    ("webinar_set_password", {"password": ["Tulip-2026"]}, "'password' must be a single value"),
    ("webinar_generate", {}, "Add participants"),
    ("webinar_generate", {"participants": "Anna <nope>"}, "Line 1: 'nope' is not an email address"),
    ("webinar_generate", {"participants": "Anna", "expires_at": "soon"}, "Link expiry: write the date and time"),
    ("webinar_generate", {"participants": "Anna", "expires_at": "2001-01-01 10:00"}, "must be in the future"),
    ("webinar_generate", {"participants": "Anna", "note": "x" * 300}, "payment note can have at most"),
    ("webinar_generate", {"participants": "Anna <a@example.org>", "send": True}, "Set the room password first"),
    ("webinar_generate", {"participants": {"a": 1}}, "must be a single value"),
    ("webinar_revoke", {"link": "abc"}, "Choose a link from the table"),
    ("webinar_revoke", {"link": 999999}, "There is no personal link 999999"),
    ("webinar_reissue", {"link": None}, "Choose a link from the table"),
    ("webinar_invite", {"password": "whatever"}, "Set the room password first"),
])
def test_bad_staff_input_is_a_400_naming_what_to_fix_and_writes_nothing(handler, payload, field_words):
    factory = webinar()
    status, body = call_json(staff(factory), handler, payload)
    assert status == 400, body
    assert field_words in body["error"]
    assert WebinarLink.objects.count() == 0


@pytest.mark.parametrize("handler", ["webinar_set_password", "webinar_clear_password", "webinar_generate",
                                     "webinar_links", "webinar_revoke", "webinar_reissue", "webinar_invite"])
def test_learners_cannot_use_staff_tools(handler):
    status, body = call_json(webinar().block_for("alice"), handler, {})
    assert status == 403 and "Only course staff" in body["error"]


def test_staff_tools_in_a_block_that_is_not_a_webinar_say_so():
    from tests.support.runtime import BlockFactory  # pylint: disable=import-outside-toplevel
    status, body = call_json(BlockFactory().block_for("staff-1", staff=True), "webinar_links", {})
    assert status == 400 and "not a webinar" in body["error"]


def test_generate_skips_participants_who_have_a_link_and_shows_each_new_link_once():
    factory = webinar(zone="Europe/Warsaw")  # expiry is typed in the webinar's zone
    status, body = generate(factory, participants="Anna Nowak <anna@example.org>\nJan Kowalski",
                            csv="name,email\nOla,ola@example.org\n", expires_at="2099-01-01 10:00")
    assert status == 200 and body["created"] == 3 and len(body["links"]) == 3
    assert all(item["url"].startswith("http://testserver/fee_training/webinar/link/") for item in body["links"])
    status, again = generate(factory, participants="Anna <ANNA@example.org>\nPiotr <piotr@example.org>")
    assert again["created"] == 1 and again["skipped"] == ["Anna <anna@example.org>"] and "was skipped" in again["message"]
    rows = call_json(staff(factory), "webinar_links", {})[1]["links"]
    assert {row["state"] for row in rows} == {"unused"} and len(rows) == 4
    assert all(row["expires_at"].startswith("2099-01-01T09:00") for row in rows if row["name"] != "Piotr")
    stored = " ".join(WebinarLink.objects.values_list("token_hash", flat=True))
    assert not any(token_of(item["url"]) in stored for item in body["links"])


def test_revoke_ends_the_link_and_the_admission_it_gave_and_reissue_replaces_it():
    factory = webinar(password=False)
    body = generate(factory, participants="Anna <anna@example.org>")[1]
    old_token = token_of(body["links"][0]["url"])
    assert links.claim(links.find_by_token(old_token), "anna")[0] == links.CLAIMED
    assert AccessGrant.objects.get(user_key="anna").is_active()
    link_id = body["links"][0]["id"]
    status, reply = call_json(staff(factory), "webinar_reissue", {"link": link_id, "send": False})
    assert status == 200 and reply["url"] and reply["link"] != link_id
    assert not AccessGrant.objects.get(user_key="anna").is_active()
    assert links.state_for(links.find_by_token(old_token), "anna") == links.REVOKED
    assert links.claim(links.find_by_token(token_of(reply["url"])), "anna")[0] == links.CLAIMED
    assert call_json(staff(factory), "webinar_revoke", {"link": reply["link"]})[0] == 200
    assert call_json(staff(factory), "webinar_revoke", {"link": reply["link"]})[1]["error"] == \
        "That link was already revoked."
    states = {row["id"]: row["state"] for row in call_json(staff(factory), "webinar_links", {})[1]["links"]}
    assert states == {link_id: "revoked", reply["link"]: "revoked"}
    assert not AccessGrant.objects.get(user_key="anna").is_active()


def test_the_csv_export_lists_participants_and_states_but_no_token_and_defuses_formulas():
    factory = webinar(password=False)
    body = generate(factory, participants="=HYPERLINK(1) <eve@example.org>\nJan")[1]
    links.claim(links.find_by_token(token_of(body["links"][1]["url"])), "jan-key")
    response = staff(factory).handle("webinar_links_csv", webob.Request.blank("/"))
    text = response.body.decode()
    assert response.status_code == 200 and response.content_type == "text/csv"
    assert text.splitlines()[0].startswith("id,name,email,kind,state,claimed_by")
    assert "'=HYPERLINK(1)" in text and ",claimed,jan-key," in text
    assert not any(token_of(item["url"]) in text for item in body["links"])
    learner = factory.block_for("alice").handle("webinar_links_csv", webob.Request.blank("/"))
    assert learner.status_code == 403


@pytest.mark.parametrize("changes,fragment", [
    ({"webinar_starts_at": "next tuesday"}, "write the date and time as 2026-12-02 18:00"),
    ({"webinar_starts_at": "2026-03-29 02:30"}, "does not exist in Europe/Warsaw"),
    ({"webinar_time_zone": "Europe/Atlantis"}, "is not an IANA time zone name"),
    ({"webinar_duration_minutes": 0}, "between 5 and 1440"),
    ({"webinar_join_url": "meet.example.org/qa"}, "starting with https://"),
    ({"webinar_password_required": False, "webinar_sharing_allowed": True}, "would admit everyone"),
])
def test_studio_refuses_a_webinar_that_cannot_work_and_names_the_field(changes, fragment):
    factory = webinar()
    status, body = call_json(staff(factory), "submit_studio_edits", {"values": {**STUDIO, **changes}, "defaults": []})
    assert status == 400 and fragment in str(body)
    assert staff(factory).webinar_time_zone == "UTC"  # nothing was written


def test_studio_saves_a_good_webinar_and_warns_about_a_missing_room_url():
    factory = webinar()
    status, body = call_json(staff(factory), "submit_studio_edits", {"values": STUDIO, "defaults": []})
    assert status == 200, body
    assert staff(factory).webinar_time_zone == "Europe/Warsaw"
    block = staff(factory)
    from xblock.validation import Validation  # pylint: disable=import-outside-toplevel
    block.webinar_join_url = ""
    validation = Validation(block.scope_ids.usage_id)
    block.validate_field_data(validation, block)
    assert [message.type for message in validation.messages] == ["warning"]
    assert "Live room URL is empty" in validation.messages[0].text


def test_olx_export_holds_no_password_hash_or_token():
    factory = webinar(password=True)
    call_json(staff(factory), "webinar_set_password", {"password": "Tulip-2026"})
    body = generate(factory, participants="Anna <anna@example.org>\nJan")[1]
    block = staff(factory)
    out = io.BytesIO()
    block.runtime.export_to_xml(block, out)
    olx = out.getvalue().decode("utf-8")
    assert 'access_mode="webinar"' in olx and 'webinar_password_required="true"' in olx  # the export is real
    secrets = ["Tulip-2026", Webinar.objects.get().password_hash, "pbkdf2_sha256"]
    secrets += [token_of(item["url"]) for item in body["links"]]
    secrets += list(WebinarLink.objects.values_list("token_hash", flat=True))
    assert [secret for secret in secrets if secret in olx] == []
