"""Django discovery of `manage.py fee_training_import_subscriptions` (the command lives in subscriptions/commands)."""
from fee_training_xblock.subscriptions.commands.fee_training_import_subscriptions import Command  # noqa: F401
