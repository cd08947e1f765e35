"""URLs of the payment core, mounted by the plugin's urls.py under /fee_training/."""
from django.urls import path

from fee_training_xblock.payments import paypal_views, views

urlpatterns = [
    path("webhook/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("webhook/paypal/", paypal_views.paypal_webhook, name="paypal_webhook"),
]
