"""Django admin discovery: each capability registers its own pages."""
from fee_training_xblock.core import admin as core_admin  # noqa: F401
from fee_training_xblock.live_sessions import admin as live_sessions_admin  # noqa: F401
from fee_training_xblock.payments import admin as payments_admin  # noqa: F401
from fee_training_xblock.promos import admin as promos_admin  # noqa: F401
from fee_training_xblock.subscriptions import admin as subscriptions_admin  # noqa: F401
from fee_training_xblock.subscriptions import invoice_admin  # noqa: F401
from fee_training_xblock.webinars import admin as webinars_admin  # noqa: F401
