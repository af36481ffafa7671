app_name = "entitlements"
urlpatterns = []
