app_name = "directory_staff"
urlpatterns = []
