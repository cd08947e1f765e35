"""Which ways to pay a learner sees for a price, and what Studio tells an author about PayPal's currencies.

Cards take every currency the plugin supports; PayPal takes its own list, and some
currencies (HUF) only in whole units. Authors hear about it in Studio, so learners
never meet a PayPal button that cannot take their price.
"""
from fee_training_xblock.conf import METHOD_CARD, METHOD_PAYPAL, configured_methods, offered_methods
from fee_training_xblock.payments.paypal_domain import author_problem, representable


def usable_methods(fee):
    """The configured ways to pay that can take `fee` (Money; None when unknown: cards only), in page order."""
    return [method for method in configured_methods()
            if method != METHOD_PAYPAL or (fee is not None and representable(fee))]


def author_messages(fee):
    """[(is_error, DomainError)] for a block priced `fee` on this site: PayPal's currency rules, when it is offered.

    An error when PayPal is the only way to pay (the block could not be sold at all),
    a warning when cards are offered too (the block sells by card only).
    """
    offered = offered_methods()
    if METHOD_PAYPAL not in offered:
        return []
    cards_too = METHOD_CARD in offered
    problem = author_problem(fee, cards_too=cards_too)
    return [] if problem is None else [(not cards_too, problem)]
