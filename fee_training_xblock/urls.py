"""URLs of the plugin, mounted under /fee_training/ in the LMS."""
from django.urls import path

from fee_training_xblock.payments import views

app_name = "fee_training"

urlpatterns = [
    path("webhook/stripe/", views.stripe_webhook, name="stripe_webhook"),
]
