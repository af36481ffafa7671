app_name = "allowances_staff"
urlpatterns = []
