app_name = "advice_staff"
urlpatterns = []
