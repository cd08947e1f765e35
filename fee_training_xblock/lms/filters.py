"""openedx-filters pipeline steps that close the side doors around a paid container.

In the LMS a child block can be rendered on its own (the courseware
`render_xblock` view used by the Learning MFE and mobile), so omitting children
from the container's view is not a complete gate. These steps ask the ledger
the same question the block asks. Operators enable them in
OPEN_EDX_FILTERS_CONFIG (see the README).
"""
import logging

from openedx_filters import PipelineStep
from openedx_filters.learning.filters import RenderXBlockStarted, VerticalBlockChildRenderStarted

from fee_training_xblock import api
from fee_training_xblock.block.viewer import block_ref, current_viewer
from fee_training_xblock.core.domain.block_settings import MODE_FREE

log = logging.getLogger(__name__)

BLOCK_TYPE = "fee_training"


def gating_block(block):
    """The nearest fee_training block at or above `block`, or None."""
    current, hops = block, 0
    while current is not None and hops < 50:
        if current.scope_ids.block_type == BLOCK_TYPE:
            return current
        current, hops = current.get_parent(), hops + 1
    return None


def may_render(block):
    """True when the current user may see `block` (not under a paid container, free, staff, or granted)."""
    gate = gating_block(block)
    if gate is None or gate is block or gate.access_mode == MODE_FREE:
        # The container itself decides what to show in its own view.
        return True
    viewer = current_viewer(gate)
    if viewer.is_staff:
        return True
    if viewer.is_anonymous:
        return False
    return api.has_access(block_ref(gate).usage_key, viewer.user_key)


class StopPaidChildRender(PipelineStep):
    """VerticalBlockChildRenderStarted step: a child of a paid container renders only with access."""

    def run_filter(self, block, context):  # pylint: disable=arguments-differ
        """Raise PreventChildBlockRender for learners without access."""
        if not may_render(block):
            raise VerticalBlockChildRenderStarted.PreventChildBlockRender(
                "This content is part of a paid section. Buy access to see it."
            )
        return {"block": block, "context": context}


class StopPaidXBlockRender(PipelineStep):
    """RenderXBlockStarted step: the render_xblock view refuses paid content without access."""

    def run_filter(self, context, student_view_context):  # pylint: disable=arguments-differ
        """Raise PreventXBlockBlockRender for learners without access."""
        block = context.get("block")
        if block is not None and not may_render(block):
            raise RenderXBlockStarted.PreventXBlockBlockRender(
                "This content is part of a paid section. Buy access to see it."
            )
        return {"context": context, "student_view_context": student_view_context}
