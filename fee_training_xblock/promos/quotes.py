"""Where the promo price is computed: a typed code checked against its rules and turned into a Quote.

The discount arithmetic is core.domain.pricing (half-up, never below zero); whether a
code may be used here and now is promos.domain.codes.check_usable. This module reads
the code's row and its counts and applies both; wrong codes count towards the
learner's and their address's rate limits. Unknown codes, codes of other courses and
deactivated codes give the same answer, so nobody learns which codes exist elsewhere.
"""
from django.db.models import Q
from django.utils import timezone

from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.promos import ratelimit
from fee_training_xblock.promos.domain import codes as rules
from fee_training_xblock.promos.models import PromoCode, PromoRedemption


def target_of(ref):
    """The promo Target (block, course, organization) for a BlockRef."""
    return rules.Target(usage_key=str(ref.usage_key), course_key=str(ref.course_key), organization=ref.organization)


def rule_of(row):
    """The pure PromoRule for a PromoCode row."""
    return rules.PromoRule(
        code=row.code, kind=row.kind, percent=row.percent, amount_minor=row.amount_minor, currency=row.currency,
        scope=row.scope, scope_key=row.scope_key, valid_from=row.valid_from, valid_until=row.valid_until,
        max_redemptions=row.max_redemptions, once_per_learner=row.once_per_learner, active=row.active,
    )


def find(code):
    """The PromoCode row of a normalised code, or None (one unique-index lookup)."""
    if not rules.is_well_formed(code):
        return None
    return PromoCode.objects.filter(code=code).first()


def counts(row, user_key, usage_key, now):
    """(uses taken by others, learner has a confirmed use, the learner's own live hold for this block)."""
    live = Q(status=PromoRedemption.HELD, held_until__gt=now)
    mine = Q(user_key=str(user_key), usage_key=str(usage_key))
    uses = PromoRedemption.objects.filter(promo=row)
    taken = uses.filter(Q(status=PromoRedemption.CONFIRMED) | (live & ~mine)).count()
    used = uses.filter(user_key=str(user_key), status=PromoRedemption.CONFIRMED).exists()
    own_hold = uses.filter(live & mine).order_by("-created_at").first()
    return taken, used, own_hold


def checked_quote(fee, ref, user_key, code_text, row, now):
    """(Quote with the code's discount, the learner's own hold) or the PromoError saying why not."""
    if row is None:
        raise rules.unknown_code(code_text)
    taken, used, own_hold = counts(row, user_key, ref.usage_key, now)
    try:
        rules.check_usable(rule_of(row), target_of(ref), fee, now, taken, used)
    except (rules.CodeWrongScope, rules.CodeInactive):
        # What an outsider may learn: nothing about codes of other courses or switched off ones. They read
        # exactly what a code nobody created gives; inside its course, a code says why it cannot be used.
        raise rules.unknown_code(code_text) from None
    return make_quote(fee, rule_of(row).discount(), promo_code=row.code), own_hold


def guarded(user_key, action):
    """Run `action` behind the wrong-code rate limit: count its PromoErrors, refuse while locked out."""
    ratelimit.check_allowed(user_key)
    try:
        return action()
    except rules.PromoError:
        ratelimit.record_wrong(user_key)
        raise


def lookup_and_quote(fee, ref, user_key, code_text, now=None):
    """The discounted Quote of `fee` for a typed code, or a PromoError saying why it cannot be used.

    Read-only and rate-limited. An empty code gives the undiscounted quote.
    """
    code = rules.normalize_code(code_text)
    if not code:
        return make_quote(fee)
    now = now or timezone.now()
    return guarded(user_key, lambda: checked_quote(fee, ref, user_key, code_text, find(code), now)[0])
