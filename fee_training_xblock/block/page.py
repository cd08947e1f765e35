"""The learner view of the block as one function: ask the gate, render its decision, add what the page needs.

Kept apart from the block class so the class stays glue and the page reads top to bottom.
"""
from fee_training_xblock.conf import missing_payment_settings, payments_configured, setting
from fee_training_xblock.core import i18n, rendering
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.core.gates import Decision


def full_quote(cfg):
    """The block's full price (no promo code), computed on the server."""
    return make_quote(cfg.fee)


#: How far up the tree enclosing paid blocks are looked for (a course is a handful of levels deep).
MAX_ANCESTORS = 20


def _own_decision(block, viewer):
    try:
        cfg = block.block_settings()
    except DomainError as err:
        return None, Decision("misconfigured", show_children=viewer.is_staff, notice=err.localized(block.gettext))
    return cfg, block.gate().decide(block, viewer, cfg)


def closed_by_enclosing(block, viewer):
    """The nearest enclosing paid-access block whose gate keeps its content from `viewer`, or None.

    Every enclosing gate applies, not only the nearest: a free block inside a paid one
    shows nothing to someone who has not opened the paid one, even when the LMS
    renders it on its own (by its usage id).
    """
    parent, seen = block.get_parent(), 0
    while parent is not None and seen < MAX_ANCESTORS:
        if getattr(parent, "is_paid_access_gate", False):
            _, decision = _own_decision(parent, viewer)
            if not decision.show_children:
                return parent
        parent, seen = parent.get_parent(), seen + 1
    return None


def decide(block, viewer):
    """(checked settings or None, the Decision for this viewer). Misconfigured blocks show staff the problem.

    The block's own gate decides first; content it would show stays closed while an
    enclosing paid-access block keeps its content from the viewer (staff see all).
    """
    cfg, decision = _own_decision(block, viewer)
    if decision.show_children and not viewer.is_staff:
        outer = closed_by_enclosing(block, viewer)
        if outer is not None:
            decision = Decision("enclosed", notice=block.gettext(
                "This content is part of “{title}”. Open “{title}” first to see it.").format(
                title=outer.display_name))
    return cfg, decision


def staff_context(block, decision):
    """What the staff panel shows besides the gate's own staff tools (no query: counts are loaded on demand)."""
    return {
        "staff_figures": decision.state != "open" and block.gate().has_staff_figures,
        "access_csv_url": block.runtime.handler_url(block, "staff_access_csv"),
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
    scripted = viewer.is_staff or not all(name.endswith(".css") for name in decision.resources)
    if scripted:  # the viewer's JavaScript catalogue comes before every script that translates with it
        i18n.add_js_catalog(block, block.runtime.service(block, "i18n"), fragment)
    if "promo" in decision.resources:
        fragment.add_css(rendering.static_text("css/promo.css"))
        fragment.add_javascript(rendering.static_text("js/promo.js"))
    if "payment" in decision.resources:
        block.add_payment_resources(fragment, decision.resources)
    for path in sorted(name for name in decision.resources if name.endswith((".css", ".js"))):
        (fragment.add_css if path.endswith(".css") else fragment.add_javascript)(rendering.static_text(path))
    if not scripted:
        return  # nothing to click (granted, open, waiting without a button, a plain card): no script
    fragment.add_javascript(rendering.static_text("js/fee_training.js"))
    fragment.initialize_js("FeeTrainingXBlock", {
        "state": decision.state,
        "isStaff": viewer.is_staff,
        "quote": decision.quote.to_json() if decision.quote is not None else (
            full_quote(cfg).to_json() if cfg is not None else None),
        "payment": block.payment_js_config() if "payment" in decision.resources else None,
        "modeConfig": decision.js_config,
    })
