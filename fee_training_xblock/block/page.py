"""The learner view of the block as one function: ask the gate, render its decision, add what the page needs.

Kept apart from the block class so the class stays glue and the page reads top to bottom.
"""
from fee_training_xblock.conf import missing_payment_settings, payments_configured, setting
from fee_training_xblock.core import rendering
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.core.gates import Decision


def full_quote(cfg):
    """The block's full price (no promo code), computed on the server."""
    return make_quote(cfg.fee)


def decide(block, viewer):
    """(checked settings or None, the Decision for this viewer). Misconfigured blocks show staff the problem."""
    try:
        cfg = block.block_settings()
    except DomainError as err:
        return None, Decision("misconfigured", show_children=viewer.is_staff, notice=err.localized(block.gettext))
    return cfg, block.gate().decide(block, viewer, cfg)


def staff_context(block, decision):
    """What the staff panel shows besides the gate's own staff tools (no query: counts are loaded on demand)."""
    return {
        "staff_figures": decision.state != "open" and block.gate().has_staff_figures,
        "payments_enabled": setting("PAYMENTS_ENABLED"),
        "payments_configured": payments_configured(),
        "missing_settings": ", ".join(missing_payment_settings()),
    }


def render(block, viewer, context, fragment):
    """Fill `fragment` with the block's HTML, CSS and JavaScript for `viewer`."""
    cfg, decision = decide(block, viewer)
    page = {
        "display_name": block.display_name,
        "state": decision.state,
        "viewer_is_staff": viewer.is_staff,
        "decision": decision,
        "children_html": block.render_children_html(context, fragment) if decision.show_children else "",
    }
    if viewer.is_staff:
        page.update(staff_context(block, decision))
    fragment.add_content(block.render_template("fee_training.html", page))
    fragment.add_css(rendering.static_text("css/fee_training.css"))
    if "promo" in decision.resources:
        fragment.add_css(rendering.static_text("css/promo.css"))
        fragment.add_javascript(rendering.static_text("js/promo.js"))
    if "payment" in decision.resources:
        block.add_payment_resources(fragment)
    if not (viewer.is_staff or decision.resources):
        return  # nothing to click (granted, open, waiting without a button): no script
    fragment.add_javascript(rendering.static_text("js/fee_training.js"))
    fragment.initialize_js("FeeTrainingXBlock", {
        "state": decision.state,
        "isStaff": viewer.is_staff,
        "quote": decision.quote.to_json() if decision.quote is not None else (
            full_quote(cfg).to_json() if cfg is not None else None),
        "payment": block.payment_js_config() if "payment" in decision.resources else None,
    })
