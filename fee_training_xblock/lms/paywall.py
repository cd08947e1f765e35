"""The paywall page shown instead of closed content: title, price when known, and where to pay.

`render_xblock` wraps a `RenderCustomResponse` answer in `Fragment(exc.response)`
and renders it in the chromeless courseware page (lms/djangoapps/courseware/views/views.py),
so the answer is an HTML string, not an HttpResponse.
"""
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from fee_training_xblock.lms.rules import DEFAULT_MODE


def unit_url(course_key, gate_key):
    """The LMS `jump_to` URL of the gating block: it opens the unit where the learner can pay."""
    try:
        return reverse("jump_to", kwargs={"course_id": str(course_key), "location": str(gate_key)})
    except NoReverseMatch:
        # Outside the LMS URLconf (tests, workbench): the same path, built by hand.
        return f"/courses/{course_key}/jump_to/{gate_key}"


def price_text(gate):
    """'49.99 USD' for a fee block with a fee set; '' when the price is not a plain fee."""
    if gate.mode != DEFAULT_MODE or not gate.fee.strip():
        return ""
    return _("{amount} {currency}").format(amount=gate.fee.strip(), currency=gate.currency.strip().upper())


def paywall_html(course_key, gate):
    """The paywall fragment's HTML for the first unpaid gate that closes the requested block."""
    title = gate.title or _("Paid content")
    price = price_text(gate)
    price_line = format_html('<p class="fee-training-paywall-price">{}</p>', _("Price: {price}").format(price=price))
    return format_html(
        '<div class="fee-training-paywall" role="region" aria-label="{label}">'
        "<h2>{title}</h2>"
        "<p>{explanation}</p>"
        "{price_line}"
        '<p><a class="fee-training-paywall-link" href="{url}" target="_top">{action}</a></p>'
        "</div>",
        label=_("Paid content"),
        title=title,
        explanation=_("This content is part of a paid section. Open the unit with the payment step to get access."),
        price_line=price_line if price else "",
        url=unit_url(course_key, gate.key),
        action=_("Go to the payment step"),
    )
