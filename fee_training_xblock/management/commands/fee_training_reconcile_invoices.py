"""Django discovery of `manage.py fee_training_reconcile_invoices` (the command lives in subscriptions/commands)."""
from fee_training_xblock.subscriptions.commands.fee_training_reconcile_invoices import Command  # noqa: F401
