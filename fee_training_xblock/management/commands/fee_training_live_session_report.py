"""Django discovery of `manage.py fee_training_live_session_report` (the command lives in live_sessions/commands)."""
from fee_training_xblock.live_sessions.commands.fee_training_live_session_report import Command  # noqa: F401
