"""Which blocks a paid (gating) block closes: the rules, on plain data, with no LMS import.

A gating block is a `fee_training` block whose `access_mode` is not "free". It
closes, for a learner who has not paid for it:

- its own descendants, whatever its `gate_scope`;
- with gate_scope "unit": the siblings that follow it in its parent (the rest of
  the unit) and their descendants;
- with gate_scope "subsection": every other block of its subsection (the nearest
  `sequential` above it, or its parent when there is none), except the blocks
  that contain it, and except a gating block that comes earlier in course order
  (or a block containing one) -- so a learner can always reach a paywall.

A gating block never closes itself. Gates nest: a block closed by several gates
stays closed until every one of them is paid (the strictest enclosing gate decides).

The tree is described by `Node.lineage`: (usage key, block type, index in parent)
from the course root down to the block. Course order is the order of the index
paths, so an ancestor comes before its descendants.
"""
import hashlib
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

GATE_BLOCK_TYPE = "fee_training"
FREE_MODE = "free"
DEFAULT_MODE = "fee"
SCOPE_CHILDREN = "children"
SCOPE_UNIT = "unit"
SCOPE_SUBSECTION = "subsection"
GATE_SCOPES = (SCOPE_CHILDREN, SCOPE_UNIT, SCOPE_SUBSECTION)
SUBSECTION_TYPES = ("sequential",)

# Partition ids: 1-99 are reserved by the platform (50 enrollment track, 51 content
# type gating, 52-99 single plugin partitions); generated ones live in 100..2**31-1
# (xmodule/partitions/partitions.py, MINIMUM_UNUSED_PARTITION_ID).
MIN_PARTITION_ID = 100
MAX_PARTITION_ID = 2 ** 31 - 1


@dataclass(frozen=True)
class Node:
    """A block's place in the course tree."""

    lineage: tuple  # ((key, block_type, index_in_parent), ...) from the root to this block

    @property
    def key(self):
        """This block's usage key, as a string."""
        return self.lineage[-1][0]

    @property
    def block_type(self):
        """This block's type (tag)."""
        return self.lineage[-1][1]

    @property
    def path(self):
        """Child indexes from the root: tuples compare in course order."""
        return tuple(entry[2] for entry in self.lineage)

    @property
    def ancestor_keys(self):
        """Usage keys of the blocks above this one, root first."""
        return tuple(entry[0] for entry in self.lineage[:-1])

    def contains(self, other):
        """True when `other` lies inside this block (strictly below it)."""
        return self.key in other.ancestor_keys


@dataclass(frozen=True)
class Gate:
    """A gating block: where it is, what it closes, and what the paywall says about it."""

    node: Node
    scope: str = SCOPE_CHILDREN
    title: str = ""
    fee: str = ""
    currency: str = ""
    mode: str = DEFAULT_MODE

    @property
    def key(self):
        """The gating block's usage key, as a string (the key the ledger records grants under)."""
        return self.node.key


def read_mode(block):
    """The block's access mode; blocks without the field count as paid ("fee")."""
    return str(getattr(block, "access_mode", DEFAULT_MODE) or DEFAULT_MODE)


def read_scope(block):
    """The block's gate scope; missing or unknown values fall back to "children" (and are logged)."""
    scope = getattr(block, "gate_scope", SCOPE_CHILDREN) or SCOPE_CHILDREN
    if scope not in GATE_SCOPES:
        log.warning("Unknown gate_scope %r on %s: gating its children only", scope, getattr(block, "location", block))
        return SCOPE_CHILDREN
    return scope


def is_gating_block(block_type, mode):
    """True for a fee_training block that closes content ("free" closes nothing)."""
    return block_type == GATE_BLOCK_TYPE and mode != FREE_MODE


def _region_root_depth(gate):
    """Index in the gate's lineage of the block whose subtree a sibling scope covers, or None."""
    parent_depth = len(gate.node.lineage) - 2
    if parent_depth < 0:
        return None
    if gate.scope == SCOPE_SUBSECTION:
        for depth in range(parent_depth, -1, -1):
            if gate.node.lineage[depth][1] in SUBSECTION_TYPES:
                return depth
    return parent_depth


def closes(gate, node, all_gates=()):
    """True when `gate` closes the block at `node`. `all_gates`: every gate of the course."""
    if node.key == gate.key:
        return False
    if gate.node.contains(node):
        return True
    if gate.scope == SCOPE_CHILDREN:
        return False
    depth = _region_root_depth(gate)
    if depth is None or len(node.lineage) <= depth + 1 or node.lineage[depth][0] != gate.node.lineage[depth][0]:
        return False
    if node.contains(gate.node):
        # The unit (or anything else) holding the paywall must stay open, or nobody could pay.
        return False
    if gate.scope == SCOPE_UNIT:
        return node.path[depth + 1] > gate.node.path[depth + 1]
    # Subsection: a later gate never hides an earlier one, or the block holding it.
    return not any(
        other.node.path < gate.node.path and (other.key == node.key or node.contains(other.node))
        for other in all_gates if other.key != gate.key
    )


def gates_closing(node, all_gates):
    """The gates (in course order) that close the block at `node`; empty when it is open to everyone."""
    return [gate for gate in sorted(all_gates, key=lambda g: g.node.path) if closes(gate, node, all_gates)]


def partition_id_candidate(gate_key, attempt=0):
    """A deterministic partition id in [100, 2**31 - 1] for a gating block; `attempt` > 0 after a clash."""
    seed = gate_key if attempt == 0 else f"{gate_key}#{attempt}"
    digest = int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16], 16)
    return MIN_PARTITION_ID + digest % (MAX_PARTITION_ID - MIN_PARTITION_ID + 1)


def assign_partition_ids(gate_keys, taken_ids):
    """Map each gate key to a partition id that clashes with nothing in `taken_ids` nor with each other.

    Keys are handled in sorted order and a clash moves to the next candidate, so
    the same course always yields the same ids wherever they are computed
    (partition generator and field override alike).
    """
    taken = set(taken_ids)
    assigned = {}
    for key in sorted(set(gate_keys)):
        attempt = 0
        candidate = partition_id_candidate(key, attempt)
        while candidate in taken:
            log.warning("Partition id %s for %s is taken in this course; trying another", candidate, key)
            attempt += 1
            candidate = partition_id_candidate(key, attempt)
        taken.add(candidate)
        assigned[key] = candidate
    return assigned
