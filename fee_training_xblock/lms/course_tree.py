"""The course tree as the gate rules need it, read from the modulestore through compat.

Parents and children are followed by usage key (`block.parent`, `block.children`)
and loaded with `modulestore().get_item`, never with `block.get_parent()`: once a
block is bound to a learner the LMS runtime answers `get_parent()` through its
access check, and returns None for a parent the learner may not see. The gates
of a block must not depend on who asks.

Everything is cached for the current request (edx-django-utils RequestCache), so
the field override, the partition generator and the middleware share one walk.
"""
import logging

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from fee_training_xblock import compat
from fee_training_xblock.lms import rules

log = logging.getLogger(__name__)

CACHE_NAMESPACE = "fee_training_xblock.lms.course_tree"
MAX_DEPTH = 50  # a guard against a corrupt tree with a parent cycle


def clean_key(key):
    """A usage or course key without branch and version, so the same block always has the same string."""
    if hasattr(key, "version_agnostic"):
        key = key.version_agnostic()
    if hasattr(key, "for_branch"):
        key = key.for_branch(None)
    return key


def key_string(key):
    """`clean_key(key)` as a string: the form partitions and the ledger use."""
    return str(clean_key(key))


def as_usage_key(key):
    """A UsageKey from a key or its string, or None when it is not one."""
    if isinstance(key, UsageKey):
        return key
    try:
        return UsageKey.from_string(str(key))
    except InvalidKeyError:
        return None


def as_course_key(key):
    """A CourseKey from a key or its string, or None when it is not one."""
    if isinstance(key, CourseKey):
        return clean_key(key)
    try:
        return clean_key(CourseKey.from_string(str(key)))
    except InvalidKeyError:
        return None


def _cache():
    return compat.request_cache(CACHE_NAMESPACE)


def _block_type(block):
    return block.scope_ids.block_type


def node_for_block(block):
    """The Node of a modulestore block: its lineage from the course root, walked through parent keys."""
    key = key_string(block.scope_ids.usage_id)
    cache = _cache()
    cached = cache.get(("node", key))
    if cached is not None:
        return cached
    chain = [block]
    while len(chain) < MAX_DEPTH and getattr(chain[-1], "parent", None) is not None:
        parent = compat.get_item(chain[-1].parent)
        if parent is None:
            break
        chain.append(parent)
    chain.reverse()
    lineage = [(key_string(chain[0].scope_ids.usage_id), _block_type(chain[0]), 0)]
    for parent, child in zip(chain, chain[1:], strict=False):
        child_key = key_string(child.scope_ids.usage_id)
        siblings = [key_string(sibling) for sibling in (getattr(parent, "children", None) or [])]
        index = siblings.index(child_key) if child_key in siblings else len(siblings)
        lineage.append((child_key, _block_type(child), index))
    node = rules.Node(tuple(lineage))
    cache[("node", key)] = node
    return node


def node_for_key(usage_key):
    """The Node of the block with this usage key, or None when the modulestore does not know it."""
    usage_key = as_usage_key(usage_key)
    if usage_key is None:
        return None
    cached = _cache().get(("node", key_string(usage_key)))
    if cached is not None:
        return cached
    block = compat.get_item(usage_key)
    return node_for_block(block) if block is not None else None


def gate_of(block):
    """The Gate for a gating block (None for any other block, and for "free" ones)."""
    mode = rules.read_mode(block)
    if not rules.is_gating_block(_block_type(block), mode):
        return None
    return rules.Gate(
        node=node_for_block(block),
        scope=rules.read_scope(block),
        title=str(getattr(block, "display_name", "") or ""),
        fee=str(getattr(block, "fee", "") or ""),
        currency=str(getattr(block, "currency", "") or ""),
        mode=mode,
    )


def course_gates(course_key):
    """Every gating block of the course, in course order (one modulestore query per request)."""
    course_key = as_course_key(course_key)
    if course_key is None:
        return ()
    cache = _cache()
    cache_key = ("gates", str(course_key))
    if cache_key not in cache:
        found = (gate_of(block) for block in compat.get_items_of_type(course_key, rules.GATE_BLOCK_TYPE))
        cache[cache_key] = tuple(sorted((gate for gate in found if gate), key=lambda gate: gate.node.path))
    return cache[cache_key]


def gates_for_node(node, course_key):
    """The gates that close the block at `node` (course order)."""
    return rules.gates_closing(node, course_gates(course_key))


def gates_for_block(block):
    """The gates that close this modulestore block; empty for open content and for the gates' own view."""
    usage_key = block.scope_ids.usage_id
    course_key = getattr(usage_key, "course_key", None)
    if course_key is None:
        return []
    gates = course_gates(course_key)
    if not gates:
        return []
    return rules.gates_closing(node_for_block(block), gates)


def gates_for_key(usage_key):
    """The gates that close the block with this usage key; empty when there are none or the block is unknown."""
    usage_key = as_usage_key(usage_key)
    if usage_key is None:
        return []
    gates = course_gates(usage_key.course_key)
    if not gates:
        return []
    node = node_for_key(usage_key)
    return rules.gates_closing(node, gates) if node is not None else []
