"""Where the promo price is computed: a typed code checked against its rules and turned into a Quote.

The discount arithmetic is core.domain.pricing (half-up, never below zero); whether a
code may be used here and now is promos.domain.codes.check_usable. This module reads
the code's row and its counts and applies both; wrong codes count towards the
learner's and their address's rate limits. Unknown codes, codes of other courses and
deactivated codes give the same answer, so nobody learns which codes exist elsewhere.

A learner's lookup (`lookup_and_quote`) reads the code and its counts in one query
compiled once per process; holding a use (redemptions) counts again under the code's
row lock, so the limits stay exact whatever a lookup saw.
"""
from django.db.models import CharField, Count, DateTimeField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.core.prepared import PreparedQuery
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


def _uses_taken(user_key, usage_key, now):
    """Uses of the code (OuterRef) that count against its limit for this learner: confirmed, and others' live holds."""
    others_live_holds = Q(status=PromoRedemption.HELD, held_until__gt=now) & ~Q(user_key=user_key, usage_key=usage_key)
    taken = PromoRedemption.objects.filter(Q(status=PromoRedemption.CONFIRMED) | others_live_holds,
                                           promo=OuterRef("pk"))
    return Coalesce(Subquery(taken.order_by().values("promo").annotate(uses=Count("pk")).values("uses")), Value(0))


def _learner_used(user_key):
    """Whether the learner has a confirmed use of the code (OuterRef)."""
    return Exists(PromoRedemption.objects.filter(promo=OuterRef("pk"), user_key=user_key,
                                                 status=PromoRedemption.CONFIRMED))


#: The columns a lookup uses (rule_of and the code itself): the others are never sent over the wire.
RULE_COLUMNS = ("code", "kind", "percent", "amount_minor", "currency", "scope", "scope_key", "valid_from",
                "valid_until", "max_redemptions", "once_per_learner", "active")
# The lookup a learner's keystroke runs: the code's row with the counts `counts` reads, as one statement.
_COUNTED = PreparedQuery(PromoCode, lambda code, user_key, usage_key, now: PromoCode.objects.filter(
    code=code).only(*RULE_COLUMNS).annotate(uses_taken=_uses_taken(user_key, usage_key, now),
                                            learner_used=_learner_used(user_key)),
    fields=(CharField(), CharField(), CharField(), DateTimeField()))


def find_counted(code, user_key, usage_key, now):
    """The PromoCode row of a normalised code with `uses_taken` and `learner_used` read in the same query, or None."""
    if not rules.is_well_formed(code):
        return None
    return _COUNTED.first(code, str(user_key), str(usage_key), now)


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
    """(Quote with the code's discount, the learner's own hold) or the PromoError saying why not.

    A row read by find_counted brings its counts (no hold: a lookup holds nothing);
    otherwise they are read now (under the caller's lock when it holds one).
    """
    if row is None:
        raise rules.unknown_code(code_text)
    if hasattr(row, "uses_taken"):
        taken, used, own_hold = row.uses_taken, bool(row.learner_used), None
    else:
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
    return guarded(user_key, lambda: checked_quote(
        fee, ref, user_key, code_text, find_counted(code, user_key, ref.usage_key, now), now)[0])
