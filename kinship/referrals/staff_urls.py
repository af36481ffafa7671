app_name = "referrals_staff"
urlpatterns = []
