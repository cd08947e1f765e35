"""The openedx-filters steps the plugin adds to the LMS: the one place to edit when they change.

Each pair is (filter type, dotted path of the PipelineStep class in fee_training_xblock).
The step answers `render_xblock` of gated content with a paywall page (see
fee_training_xblock/lms/filters.py); the plugin's own LMS settings hook merges the same
step, so this patch is a belt-and-braces for settings files rendered by Tutor.
"""

FILTER_STEPS = (
    ("org.openedx.learning.xblock.render.started.v1", "fee_training_xblock.lms.filters.FeeRenderGate"),
)
