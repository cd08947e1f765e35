"""The gate rules on plain data: which blocks a gating block closes, nesting, partition ids.

No LMS file is involved here; the ids follow the ranges documented in
xmodule/partitions/partitions.py (openedx/openedx-platform @ e57a655d): generated
partitions use 100..2**31-1. (edx-platform cannot be installed on these machines.)
"""
import pytest

from fee_training_xblock.lms import rules
from fee_training_xblock.lms.rules import Gate, Node


def tree(*paths):
    """Nodes from 'course/ch/seq/unit/block' paths; indexes follow first appearance under each parent."""
    order, nodes = {}, {}
    for path in paths:
        parts = path.split("/")
        lineage = []
        for depth, name in enumerate(parts):
            parent = parts[depth - 1] if depth else None
            siblings = order.setdefault(parent, [])
            if name not in siblings:
                siblings.append(name)
            block_type = {0: "course", 1: "chapter", 2: "sequential", 3: "vertical"}.get(depth, "html")
            if name.startswith("gate"):
                block_type = "fee_training"
            lineage.append((name, block_type, siblings.index(name)))
            nodes[name] = Node(tuple(lineage))
    return nodes


COURSE = tree(
    "c/ch/s1/u1/intro", "c/ch/s1/u1/gate/inside", "c/ch/s1/u1/gate/inside2", "c/ch/s1/u1/after",
    "c/ch/s1/u2/p2", "c/ch/s2/u3/other",
)


def gate(nodes, name, scope):
    """A Gate at a named node."""
    return Gate(node=nodes[name], scope=scope)


@pytest.mark.parametrize("scope, closed", [
    ("children", {"inside", "inside2"}),
    ("unit", {"inside", "inside2", "after"}),
    ("subsection", {"inside", "inside2", "intro", "after", "u2", "p2"}),
])
def test_each_scope_closes_its_region_and_never_the_gate_or_its_containers(scope, closed):
    the_gate = gate(COURSE, "gate", scope)
    found = {name for name, node in COURSE.items() if rules.closes(the_gate, node, [the_gate])}
    assert found == closed
    assert not {"gate", "u1", "s1", "ch", "c", "s2", "u3", "other"} & found


def test_unit_scope_leaves_what_comes_before_the_gate_open():
    the_gate = gate(COURSE, "gate", "unit")
    assert not rules.closes(the_gate, COURSE["intro"], [the_gate])
    assert rules.closes(the_gate, COURSE["after"], [the_gate])


def test_nested_gates_all_apply_to_the_innermost_content():
    nodes = tree("c/ch/s/u/gate_outer/gate_inner/deep", "c/ch/s/u/gate_outer/shallow")
    outer, inner = gate(nodes, "gate_outer", "children"), gate(nodes, "gate_inner", "children")
    both = [outer, inner]
    assert [g.key for g in rules.gates_closing(nodes["deep"], both)] == ["gate_outer", "gate_inner"]
    assert [g.key for g in rules.gates_closing(nodes["gate_inner"], both)] == ["gate_outer"]
    assert [g.key for g in rules.gates_closing(nodes["shallow"], both)] == ["gate_outer"]
    assert rules.gates_closing(nodes["gate_outer"], both) == []


def test_a_later_subsection_gate_never_hides_an_earlier_gate_or_its_unit():
    nodes = tree("c/ch/s/u1/gate_a", "c/ch/s/u1/a_text", "c/ch/s/u2/gate_b", "c/ch/s/u2/b_text")
    gate_a, gate_b = gate(nodes, "gate_a", "subsection"), gate(nodes, "gate_b", "subsection")
    both = [gate_a, gate_b]
    # The earlier gate hides the later one until it is paid...
    assert rules.gates_closing(nodes["gate_b"], both) == [gate_a]
    assert rules.gates_closing(nodes["u2"], both) == [gate_a]
    # ...but the later one never hides the earlier gate or the unit holding it: someone can always pay.
    assert rules.gates_closing(nodes["gate_a"], both) == []
    assert rules.gates_closing(nodes["u1"], both) == []
    # Content around the earlier gate needs both once the later gate closes its subsection.
    assert rules.gates_closing(nodes["a_text"], both) == [gate_a, gate_b]


def test_unit_gates_in_sequence_need_each_payment_in_turn():
    nodes = tree("c/ch/s/u/gate_1", "c/ch/s/u/middle", "c/ch/s/u/gate_2", "c/ch/s/u/end")
    first, second = gate(nodes, "gate_1", "unit"), gate(nodes, "gate_2", "unit")
    both = [first, second]
    assert rules.gates_closing(nodes["middle"], both) == [first]
    assert rules.gates_closing(nodes["gate_2"], both) == [first]
    assert rules.gates_closing(nodes["end"], both) == [first, second]


def test_subsection_scope_without_a_sequential_falls_back_to_the_parent():
    nodes = tree("c/gate", "c/sibling")
    lone = gate(nodes, "gate", "subsection")
    assert rules.closes(lone, nodes["sibling"], [lone])
    assert not rules.closes(lone, nodes["c"], [lone])


def test_reading_fields_defaults_and_free_mode():
    class Block:
        """A block with an unknown gate_scope."""
        gate_scope = "nonsense"
    assert rules.read_scope(Block()) == "children"
    assert rules.read_scope(object()) == "children"
    assert rules.read_mode(object()) == "fee"
    assert rules.is_gating_block("fee_training", "fee")
    assert rules.is_gating_block("fee_training", "subscription")
    assert rules.is_gating_block("fee_training", "webinar")
    assert not rules.is_gating_block("fee_training", "free")
    assert not rules.is_gating_block("html", "fee")


def test_partition_ids_are_deterministic_in_range_and_avoid_every_taken_id():
    key = "block-v1:FeeOrg+PAID101+2030+type@fee_training+block@gate"
    first = rules.partition_id_candidate(key)
    assert first == rules.partition_id_candidate(key)
    assert rules.MIN_PARTITION_ID <= first <= rules.MAX_PARTITION_ID
    assigned = rules.assign_partition_ids([key], taken_ids={50, 51, first})
    assert assigned[key] != first and assigned[key] >= 100
    assert assigned == rules.assign_partition_ids([key], taken_ids={50, 51, first})


def test_two_gates_never_share_an_id_even_when_their_hashes_clash(monkeypatch):
    real = rules.partition_id_candidate
    monkeypatch.setattr(rules, "partition_id_candidate", lambda key, attempt=0: 4242 if attempt == 0 else real(key, attempt))
    assigned = rules.assign_partition_ids(["b", "a"], taken_ids=set())
    assert assigned["a"] == 4242 and assigned["b"] not in (4242,)
    assert assigned == rules.assign_partition_ids(["a", "b"], taken_ids=set())
