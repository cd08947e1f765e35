"""Polish and Ukrainian for real: one process serves a view in Polish, then in Ukrainian, then in English;
the LMS's way of handing the block its catalogue works; emails follow the recipient's chosen language;
the issued-invoice admin speaks Polish."""
import gettext
import json
import os
import sys

import pytest
from django.core import mail
from django.utils import timezone, translation

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.models import Payment
from fee_training_xblock.payments import receipts
from fee_training_xblock.subscriptions import issuing
from tests.subscriptions.test_assignments import make_profile, subscribe
from tests.subscriptions.test_issued_invoices import AFTER_NOV, NOV, start
from tests.support.lms import user_preferences
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = pytest.mark.django_db

PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "fee_training_xblock")
TEXTS = {  # one sentence of the locked view, its promo field, and one of the scripts' own sentences
    "pl": ("Zaloguj się, aby kupić dostęp do tej treści.", "Kod promocyjny", "Przetwarzanie płatności…"),
    "uk": ("Увійдіть, щоб придбати доступ до цього вмісту.", "Промокод", "Обробляємо оплату…"),
    "en": ("Sign in to buy access to this content.", "Promo code", None),
}


def scripts(fragment):
    """The JavaScript a fragment carries (inline texts and URLs)."""
    return " ".join(str(resource.data) for resource in fragment.resources if resource.mimetype == "application/javascript")


def test_one_view_in_polish_then_ukrainian_then_english_in_one_process(payments_on):
    factory = BlockFactory()
    for language in ("pl", "uk", "pl", "en"):
        with translation.override(language):
            anonymous = student_html(factory.block_for("anon", anonymous=True))
            fragment = factory.block_for("alice").runtime.render(factory.block_for("alice"), "student_view", {})
        sentence, promo, script_sentence = TEXTS[language]
        assert sentence in anonymous and promo in fragment.content, language
        others = [texts[0] for code, texts in TEXTS.items() if code != language]
        assert not any(text in anonymous for text in others), language
        if script_sentence:  # the page carries the learner's JavaScript catalogue, before the scripts
            escaped = json.dumps(script_sentence)[1:-1]  # Django's JavaScript catalogue escapes non-ASCII letters
            assert "FeeTrainingI18N" in scripts(fragment) and escaped in scripts(fragment), language
        else:
            assert "var FeeTrainingI18N = " not in scripts(fragment)  # English needs no catalogue


def test_handler_replies_and_studio_labels_follow_the_language(payments_on):
    factory = BlockFactory()
    with translation.override("uk"):
        status, reply = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "NOPE1234"})
        info = factory.block_for("staff-1", staff=True)._make_field_info("access_mode", factory.block_for(
            "staff-1", staff=True).fields["access_mode"])  # pylint: disable=protected-access
    assert status == 400 and "NOPE1234" in reply["error"] and "Для цього курсу немає промокоду" in reply["error"]
    assert info["display_name"] == "Режим доступу"
    assert {"Оплата: слухачі платять", "Безкоштовно для всіх"} <= {option["display_name"] for option in info["values"]}


class LmsI18nService:
    """What the LMS's XBlockI18nService does for a block that ships translations/<locale>/LC_MESSAGES/text.mo."""

    def __init__(self, language):
        self.translator = gettext.translation("text", os.path.join(PACKAGE, "translations"), [language])

    def __getattr__(self, name):
        return getattr(self.translator, name)


def test_the_lms_finds_the_catalogue_where_its_i18n_service_looks(payments_on):
    """The LMS activates Django's language too; here Django stays English, so only the service can translate."""
    block = BlockFactory().block_for("anon", anonymous=True)
    block.runtime._services["i18n"] = LmsI18nService("pl")  # pylint: disable=protected-access
    with translation.override("en"):
        html = student_html(block)
        reply = call_json(block, "start_payment", {})[1]
    assert TEXTS["pl"][0] in html and TEXTS["en"][0] not in html
    assert reply["error"].startswith("Zaloguj się")


@pytest.fixture
def chosen_languages(monkeypatch):
    """The LMS's user preferences (stand-in): learners' 'pref-lang'."""
    monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.user_api.models", user_preferences)
    monkeypatch.setattr(user_preferences, "PREFERENCES", {})
    return user_preferences.PREFERENCES


def payment_of(user, block_factory):
    """A paid payment of `user` in the factory's block, with the access it bought."""
    ref = block_ref(block_factory.block_for(str(user.pk)))
    payment = Payment.objects.create(
        payer_key=str(user.pk), payer_email=user.email, product_type="block_access", product_id=ref.usage_key,
        course_key=ref.course_key, usage_key=ref.usage_key, title="Kurs", payment_intent_id=f"pi_{user.pk}",
        fee_minor=4999, amount_minor=4999, currency="USD", status=Payment.STATUS_PAID, paid_at=timezone.now())
    ledger.grant_access(ref, str(user.pk), via=AccessGrant.VIA_PAYMENT, reference=payment.payment_intent_id)
    return payment


def test_emails_follow_the_recipients_chosen_language_else_the_sites(settings, chosen_languages, django_user_model):
    settings.LANGUAGE_CODE = "en"
    factory = BlockFactory()
    olena = django_user_model.objects.create_user("olena", "olena@example.org", "pw")
    piotr = django_user_model.objects.create_user("piotr", "piotr@example.org", "pw")
    nobody = django_user_model.objects.create_user("sam", "sam@example.org", "pw")
    chosen_languages.update({olena.pk: {"pref-lang": "uk"}, piotr.pk: {"pref-lang": "pl"}})
    with translation.override("pl"):  # e.g. a Polish-speaking staff member's request, or a webhook: not the learner's
        for user in (olena, piotr, nobody):
            receipts.send_receipt(payment_of(user, factory))
    olena_mail, piotr_mail, sam_mail = mail.outbox
    assert olena_mail.subject == "Квитанція: Kurs" and "Дякуємо за оплату «Kurs»." in olena_mail.body
    assert piotr_mail.subject == "Potwierdzenie płatności: Kurs" and "Dziękujemy za płatność" in piotr_mail.body
    assert sam_mail.subject == "Receipt: Kurs" and "Thank you for your payment" in sam_mail.body
    status, reply = call_json(factory.block_for("staff-1", staff=True), "staff_revoke",
                              {"learner": "olena", "confirmed": True})
    assert status == 200, reply
    assert mail.outbox[-1].subject == "Доступ відкликано: Paid lesson"


def test_the_language_of_a_webhook_or_task_is_the_sites_default_when_the_learner_has_none(settings, django_user_model):
    settings.LANGUAGE_CODE = "uk"
    user = django_user_model.objects.create_user("ivan", "ivan@example.org", "pw")
    receipts.send_receipt(payment_of(user, BlockFactory()))
    assert mail.outbox[0].subject == "Квитанція: Kurs"


def test_the_issued_invoice_admin_speaks_polish(admin_client):
    """Columns, field labels, inlines, the reconcile action and its message: an operator's view of invoices."""
    subscribe(make_profile(), "1", start=NOV.replace(day=1))
    start("1", NOV)
    invoice = issuing.issue_month("2026-11", now=AFTER_NOV)[0][0]
    with translation.override("pl"):
        listing = admin_client.get("/admin/fee_training_xblock/invoice/").content.decode()
        detail = admin_client.get(f"/admin/fee_training_xblock/invoice/{invoice.pk}/change/").content.decode()
        reconciled = admin_client.post("/admin/fee_training_xblock/invoice/", {
            "action": "reconcile_selected", "_selected_action": [invoice.pk]}, follow=True).content.decode()
    assert all(text in listing for text in ("Sumy", "Dokumenty", "Uzgodnij wybrane faktury z rejestrem",
                                            "USD 2500 jedn. podrz. (1)"))
    assert all(text in detail for text in ("Punkt odcięcia rejestru", "Poprzednia faktura", "Pozycje faktur",
                                           "Przydziały z danego miesiąca"))
    assert "1 faktura zgadza się z rejestrem." in reconciled
