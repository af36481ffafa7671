app_name = "entitlements_api"
urlpatterns = []
