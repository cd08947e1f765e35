"""The XBlock glue: the fee_training block class, its viewer, gates and workbench scenarios.

`FeeTrainingXBlock` is loaded lazily (PEP 562), so importing a helper such as
`fee_training_xblock.block.viewer` does not import every capability's handlers.
The `xblock.v1` entry point `fee_training_xblock.block:FeeTrainingXBlock` reads it here.
"""


def __getattr__(name):
    if name == "FeeTrainingXBlock":
        from fee_training_xblock.block.fee_block import FeeTrainingXBlock  # pylint: disable=import-outside-toplevel
        return FeeTrainingXBlock
    raise AttributeError(name)
