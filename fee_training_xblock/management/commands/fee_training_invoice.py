"""Django discovery of `manage.py fee_training_invoice` (the command lives in subscriptions/commands)."""
from fee_training_xblock.subscriptions.commands.fee_training_invoice import Command  # noqa: F401
