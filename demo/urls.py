"""Demo URLs: the workbench's own, plus the plugin's under /fee_training/ as in the LMS."""
from django.urls import include, re_path
from workbench.urls import urlpatterns as workbench_urlpatterns

urlpatterns = [
    re_path(r"^fee_training/", include("fee_training_xblock.urls", namespace="fee_training")),
] + workbench_urlpatterns
