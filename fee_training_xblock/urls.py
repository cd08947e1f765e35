"""URLs of the plugin, mounted under /fee_training/ in the LMS."""

app_name = "fee_training"

urlpatterns = []
