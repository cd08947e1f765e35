"""The openedx-filters steps the plugin adds to the LMS: the one place to edit when they change.

Each pair is (filter type, dotted path of the PipelineStep class in fee_training_xblock).
They close the LMS paths that render a paid container's children without the container
(see fee_training_xblock/lms/filters.py).
"""

FILTER_STEPS = (
    ("org.openedx.learning.xblock.render.started.v1", "fee_training_xblock.lms.filters.StopPaidXBlockRender"),
    (
        "org.openedx.learning.vertical_block_child.render.started.v1",
        "fee_training_xblock.lms.filters.StopPaidChildRender",
    ),
)
