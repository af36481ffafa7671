app_name = "families_staff"
urlpatterns = []
