"""URLs of the plugin, mounted under /fee_training/ in the LMS (Django discovery: delegates to capabilities)."""
from django.urls import include, path

app_name = "fee_training"

urlpatterns = [
    path("", include("fee_training_xblock.payments.urls")),
    path("", include("fee_training_xblock.webinars.urls")),
]
