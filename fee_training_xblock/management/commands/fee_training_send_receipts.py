"""Django discovery of `manage.py fee_training_send_receipts` (the command lives in payments/commands)."""
from fee_training_xblock.payments.commands.fee_training_send_receipts import Command  # noqa: F401
