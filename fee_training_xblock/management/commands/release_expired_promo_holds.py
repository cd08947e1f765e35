"""Django discovery of `manage.py release_expired_promo_holds` (the command lives in promos/commands)."""
from fee_training_xblock.promos.commands.release_expired_promo_holds import Command  # noqa: F401
