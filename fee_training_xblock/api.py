"""The plugin's public Python surface (OEP-49): what filters, commands and other plugins may call.

Everything here takes and returns plain values or the data classes of data.py.
Inside the plugin, capabilities meet through this module, the core ledger, the
payments product registry and signals, never by importing each other.
"""
from fee_training_xblock.core import ledger
from fee_training_xblock.data import BlockRef

__all__ = ["BlockRef", "has_access", "granted_usage_keys", "grant_access", "revoke_access"]


def has_access(usage_key, user_key):
    """May this learner see the content gated by this block? One indexed query."""
    return ledger.has_access(str(usage_key), str(user_key))


def granted_usage_keys(course_key, user_key):
    """The set of gating blocks (usage keys, as strings) in the course this learner has access to."""
    return ledger.granted_usage_keys(str(course_key), str(user_key))


def grant_access(course_key, usage_key, user_key, via, reference=""):
    """Record access for a learner (idempotent); `via` is one of AccessGrant.VIA_CHOICES."""
    return ledger.grant_access(BlockRef(str(course_key), str(usage_key)), str(user_key), via, reference)


def revoke_access(usage_key, user_key, reason):
    """Take a learner's access away; True when something changed."""
    return ledger.revoke_access(str(usage_key), str(user_key), reason)
