"""Access gates: one per access mode, each deciding what a viewer of a block sees.

The block's learner view asks the gate of its mode for a Decision and renders it;
the block class has no branch per mode. A capability adds a mode by writing a Gate
and registering it. Gates use only the GatedBlock interface (core.handlers) of the
block, so a gate never imports another capability.
"""
from dataclasses import dataclass, field

from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import PaymentError

_GATES = {}


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


PAID_WITHDRAWN_TEXT = _(
    "The course team withdrew your access to this content on {date}. You paid for it (reference {reference}), "
    "so you cannot be charged again here: please contact the course team.")
WITHDRAWN_TEXT = _("The course team withdrew your access to this content on {date}. Please contact them if you "
                   "think this is a mistake.")
WITHDRAWN_PAY_TEXT = _("The course team withdrew your access to this content on {date}. Please contact them if you "
                       "think this is a mistake, or pay below to open it.")


@dataclass
class Decision:
    """What one viewer sees: a state, whether the gated content shows, and the HTML pieces around it.

    `state`: open (free for all), preview (staff), granted, locked (can pay), waiting
    (mode-specific, e.g. a subscriber who has not started the course), withdrawn (staff
    took back access the learner paid for), enclosed (an enclosing paid block is closed),
    anonymous or misconfigured. `resources` names what the page needs beyond its HTML and
    CSS ("payment", "promo", "live_session", "actions" for buttons that call a handler,
    or a path under static/ such as "js/webinar.js"); a page with none (a granted
    learner's) gets no script at all. `js_config` reaches the page's JavaScript as
    `modeConfig`; its "init" names the function of the mode's script to call.
    """

    state: str
    show_children: bool = False
    price: str = ""
    benefit: str = ""
    quote: object = None
    notice: str = ""
    status_html: str = ""
    offer_html: str = ""
    promo_html: str = ""
    receipt_html: str = ""
    staff_html: str = ""
    resources: set = field(default_factory=set)
    js_config: dict = field(default_factory=dict)


def withdrawn_after_payment(block, viewer, ended=None):
    """Decision 'withdrawn' when staff took back access `viewer` paid for in this block (no second charge), else None.

    Any gate that sells the block's own content (fee, webinar seats) shows it instead of
    a payment form, since paying again would be refused. `ended`: the viewer's grant row
    when the caller read it already (one query fewer).
    """
    usage_key = block.ref().usage_key
    ended = ended if ended is not None else ledger.latest_grant(usage_key, viewer.user_key)
    if ended is None or ended.revoked_at is None:
        return None
    paid = block.paid_payment_of(viewer.user_key)
    if paid is None or paid.product_id != usage_key:
        return None
    return Decision("withdrawn", notice=block.gettext(PAID_WITHDRAWN_TEXT).format(
        date=ended.revoked_at.strftime("%Y-%m-%d"), reference=paid.reference))


class Gate:
    """Base class of access gates; subclasses set `mode` and implement `for_learner`."""

    mode = ""
    #: Shown to staff above the content: what learners must do to see it.
    preview_text = ""
    #: Whether the staff panel offers figures on demand (staff_figures).
    has_staff_figures = True
    #: Static files the staff tools of this mode need (see Decision.resources).
    staff_resources = ()

    def decide(self, block, viewer, cfg):
        """The Decision for `viewer` of `block` whose checked settings are `cfg`."""
        if viewer.is_staff:
            decision = Decision("preview", show_children=True, notice=self.preview(block, cfg))
            decision.staff_html = self.staff_html(block, cfg)
            decision.resources.update(self.staff_resources)
        elif viewer.is_anonymous:
            decision = self.anonymous(block, cfg)
        else:
            decision = self.for_learner(block, viewer, cfg)
        return decision

    def preview(self, block, cfg):
        """The staff banner text (already translated)."""
        return block.gettext(self.preview_text)

    def anonymous(self, block, cfg):
        """What a signed-out visitor sees."""
        return Decision("anonymous", notice=block.gettext("Sign in to see this content."))

    def for_learner(self, block, viewer, cfg):
        """What a signed-in learner sees."""
        raise NotImplementedError

    def staff_html(self, block, cfg):
        """Mode-specific staff tools ('' for none)."""
        return ""

    def staff_figures(self, block):
        """HTML of the figures staff load on demand: counts that grow with the course are never part of a page view."""
        return block.render_template("staff_figures.html",
                                     {"active_grants": ledger.count_active_grants(block.ref().usage_key)})

    def offer(self, block, viewer):
        """The Offer a payment in this block buys for `viewer`; PaymentError when nothing is for sale."""
        raise PaymentError(_("Nothing is for sale here."))

    def validate(self, block, data):
        """Mode-specific Studio checks: a list of (is_error, translated message)."""
        return []


def register(gate):
    """Make `gate` the gate of its mode."""
    if not gate.mode:
        raise ValueError("a Gate needs a mode")
    _GATES[gate.mode] = gate
    return gate


def for_mode(mode):
    """The gate of `mode`, or None for a mode nobody registered."""
    return _GATES.get(mode)


def modes():
    """Every registered access mode, in registration order."""
    return tuple(_GATES)
