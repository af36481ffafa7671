from .api import api

app_name = "entitlements_api"
urlpatterns = api.urls[0]
