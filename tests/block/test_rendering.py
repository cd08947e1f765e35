"""What a view costs and sends: queries per state, resources per state, templates compiled once, translations per viewer."""
import os
import sys

import pytest
from django.test.utils import override_settings
from django.utils import timezone, translation

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger, rendering
from fee_training_xblock.models import AccessGrant, Payment
from tests.support.runtime import BlockFactory, call_json
from tests.support.translations import write_catalogue

pytestmark = pytest.mark.django_db

MARKER = "SECRET-PAID-CONTENT"
UNAVAILABLE = "Payments are not available on this site yet. Please contact the course team."


def render(block):
    """The fragment of the block's student_view, through the runtime as the LMS renders it."""
    return block.runtime.render(block, "student_view", {})


def scripts_and_styles(fragment):
    """The inline JavaScript and CSS texts a fragment carries."""
    return [str(resource.data) for resource in fragment.resources]


def paid(factory, user_key, refunded_minor=0):
    """A card payment by `user_key` in the factory's block, fulfilled: a paid Payment and its grant."""
    ref = block_ref(factory.block_for(user_key))
    intent = f"pi_{user_key}"
    Payment.objects.create(payer_key=user_key, payer_email=f"{user_key}@example.com", product_type="block_access",
                           product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key,
                           title="Paid lesson", payment_intent_id=intent, fee_minor=4999, amount_minor=4999,
                           currency="USD", status=Payment.STATUS_PAID, paid_at=timezone.now(),
                           refunded_minor=refunded_minor)
    ledger.grant_access(ref, user_key, via=AccessGrant.VIA_PAYMENT, reference=intent)


def test_a_granted_paying_learner_costs_one_query_and_gets_the_receipt_and_no_script(django_assert_num_queries):
    factory = BlockFactory()
    paid(factory, "bob")
    block = factory.block_for("bob")
    with django_assert_num_queries(1):
        fragment = render(block)
    assert MARKER in fragment.content and 'data-role="receipt"' in fragment.content
    assert "$49.99" in fragment.content and "pi_bob" in fragment.content
    assert "data-init=" not in fragment.content  # nothing to click: no script at all
    assert not any("FeeTrainingPromo" in text or "FeeTrainingPayment" in text for text in scripts_and_styles(fragment))


def test_the_receipt_read_with_the_grant_shows_a_partial_refund():
    factory = BlockFactory()
    paid(factory, "bob", refunded_minor=1000)
    assert "$10.00" in render(factory.block_for("bob")).content


def test_a_staff_grant_shows_no_receipt():
    factory = BlockFactory()
    ledger.grant_access(block_ref(factory.block_for("bob")), "bob", via=AccessGrant.VIA_STAFF)
    html = render(factory.block_for("bob")).content
    assert MARKER in html and 'data-role="receipt"' not in html


def test_a_locked_learner_gets_the_promo_and_payment_code(settings):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "STRIPE_SECRET_KEY": "sk_test_x",
                             "STRIPE_PUBLISHABLE_KEY": "pk_test_x", "STRIPE_JS_URL": "/stripe.js"}
    fragment = render(BlockFactory().block_for("alice"))
    texts = scripts_and_styles(fragment)
    assert any("FeeTrainingPromo" in text for text in texts) and any("FeeTrainingPayment" in text for text in texts)
    assert "data-init='FeeTrainingXBlock'" in fragment.content


def test_the_staff_view_runs_no_query_and_counts_learners_only_when_asked(django_assert_num_queries):
    factory = BlockFactory()
    for learner in ("a", "b", "c"):
        ledger.grant_access(block_ref(factory.block_for(learner)), learner, via=AccessGrant.VIA_STAFF)
    staff = factory.block_for("staff-1", staff=True)
    with django_assert_num_queries(0):
        html = render(staff).content
    assert 'data-role="staff-figures-load"' in html and "Learners with access" not in html
    status, reply = call_json(factory.block_for("staff-1", staff=True), "staff_counts", {})
    assert status == 200 and "Learners with access: 3" in reply["html"]
    assert call_json(factory.block_for("a"), "staff_counts", {})[0] == 403


def test_templates_are_compiled_once_per_process():
    factory = BlockFactory()
    render(factory.block_for("alice"))
    compiled_before = rendering.compiled.cache_info().currsize
    misses = rendering.compiled.cache_info().misses
    for _ in range(3):
        render(factory.block_for("alice"))
    assert rendering.compiled.cache_info().misses == misses and rendering.compiled.cache_info().currsize == compiled_before


def test_rendering_never_looks_for_template_tag_libraries_in_installed_apps(tmp_path, monkeypatch):
    tags = tmp_path / "spy_app" / "templatetags"
    tags.mkdir(parents=True)
    (tmp_path / "spy_app" / "__init__.py").write_text("")
    (tags / "__init__.py").write_text("")
    (tags / "spy_tags.py").write_text("from django import template\nregister = template.Library()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from django.conf import settings  # pylint: disable=import-outside-toplevel
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "spy_app"]):
        assert "Staff tools" in render(BlockFactory().block_for("staff-1", staff=True)).content
        assert "$49.99" in render(BlockFactory().block_for("alice")).content
    # ResourceLoader imported every installed app's templatetags modules on each render.
    assert "spy_app.templatetags.spy_tags" not in sys.modules


@pytest.fixture
def catalogues(tmp_path, settings):
    """French and German catalogues of one template string, found through LOCALE_PATHS as an LMS finds them."""
    write_catalogue(str(tmp_path), "fr", {UNAVAILABLE: "Paiement indisponible."})
    write_catalogue(str(tmp_path), "de", {UNAVAILABLE: "Zahlung nicht verfügbar."})
    settings.LOCALE_PATHS = [str(tmp_path)]
    return tmp_path


def test_one_compiled_template_follows_each_viewers_language(catalogues):  # pylint: disable=unused-argument
    factory = BlockFactory()
    seen = []
    for language in ("fr", "de", "fr", "en"):
        with translation.override(language):
            seen.append(render(factory.block_for("alice")).content)
    assert "Paiement indisponible." in seen[0] and "Paiement indisponible" not in seen[1]
    assert "Zahlung nicht verfügbar." in seen[1] and seen[2] == seen[0]
    assert UNAVAILABLE in seen[3]


def test_a_block_catalogue_from_the_i18n_service_wins_for_its_strings_only(catalogues):
    block_french = write_catalogue(str(catalogues / "block"), "fr", {"Staff tools": "Outils de l'équipe"}, "text")
    context = {"state": "locked", "decision": {"price": "$1.00"}, "viewer_is_staff": True}
    with translation.override("de"):
        html = rendering.render("fee_training.html", context, i18n_service=block_french)
        assert "<h3>Outils de l'équipe</h3>" in html and "Zahlung nicht verfügbar." in html
        assert translation.gettext(UNAVAILABLE) == "Zahlung nicht verfügbar."  # restored after the render
        assert translation.get_language() == "de"
    assert os.path.exists(catalogues / "block" / "fr" / "LC_MESSAGES" / "text.mo")
