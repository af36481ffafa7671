app_name = "allowances"
urlpatterns = []
