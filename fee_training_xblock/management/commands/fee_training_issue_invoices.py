"""Django discovery of `manage.py fee_training_issue_invoices` (the command lives in subscriptions/commands)."""
from fee_training_xblock.subscriptions.commands.fee_training_issue_invoices import Command  # noqa: F401
