"""The openedx-filters steps gate a paid container's children rendered on their own.

The filter framework is the real openedx-filters package, configured the way an
operator configures it (OPEN_EDX_FILTERS_CONFIG); only the LMS view that would
call it is absent here.
"""
import pytest
from openedx_filters.learning.filters import RenderXBlockStarted, VerticalBlockChildRenderStarted

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.lms.filters import gating_block
from tests.support.runtime import BlockFactory

pytestmark = pytest.mark.django_db

FILTERS = {
    "org.openedx.learning.vertical_block_child.render.started.v1": {
        "pipeline": ["fee_training_xblock.lms.filters.StopPaidChildRender"], "fail_silently": False,
    },
    "org.openedx.learning.xblock.render.started.v1": {
        "pipeline": ["fee_training_xblock.lms.filters.StopPaidXBlockRender"], "fail_silently": False,
    },
}


@pytest.fixture(autouse=True)
def filters_on(settings):
    """Enable our pipeline steps as an operator would."""
    settings.OPEN_EDX_FILTERS_CONFIG = FILTERS


def child_of(block):
    """The first child of the container, loaded through the same runtime (so for the same user)."""
    return block.runtime.get_block(block.children[0])


def test_child_finds_its_gate():
    container = BlockFactory().block_for("alice")
    assert gating_block(child_of(container)).scope_ids.usage_id == container.scope_ids.usage_id


def test_learner_without_access_is_stopped_on_both_paths():
    child = child_of(BlockFactory().block_for("alice"))
    with pytest.raises(VerticalBlockChildRenderStarted.PreventChildBlockRender):
        VerticalBlockChildRenderStarted.run_filter(block=child, context={})
    with pytest.raises(RenderXBlockStarted.PreventXBlockBlockRender):
        RenderXBlockStarted.run_filter(context={"block": child}, student_view_context={})


def test_learner_with_access_and_staff_pass():
    factory = BlockFactory()
    container = factory.block_for("alice")
    services.grant_access(block_ref(container), "alice", via="staff")
    child = child_of(container)
    assert VerticalBlockChildRenderStarted.run_filter(block=child, context={})[0] is child
    assert RenderXBlockStarted.run_filter(context={"block": child}, student_view_context={})
    assert VerticalBlockChildRenderStarted.run_filter(block=child_of(factory.block_for("s", staff=True)), context={})


def test_free_container_and_unrelated_blocks_pass():
    olx = '<fee_training fee="0" currency="EUR" access_mode="free"><html_demo><p>x</p></html_demo></fee_training>'
    child = child_of(BlockFactory(olx).block_for("alice"))
    assert VerticalBlockChildRenderStarted.run_filter(block=child, context={})[0] is child
    plain = BlockFactory("<html_demo><p>free text</p></html_demo>").block_for("alice")
    assert VerticalBlockChildRenderStarted.run_filter(block=plain, context={})[0] is plain
