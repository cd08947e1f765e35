"""URLs of webinars, mounted by the plugin's urls.py under /fee_training/."""
from django.urls import path

from fee_training_xblock.webinars import views

urlpatterns = [
    path("webinar/link/", views.link_page, name="webinar_link_page"),
    path("webinar/link/<str:token>/", views.open_link, name="webinar_link"),
]
