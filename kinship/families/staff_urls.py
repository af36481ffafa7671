from django.urls import path

from . import views

app_name = "families_staff"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/consents/share/", views.record_share_consent, name="share_consent"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.withdraw_consent,
         name="withdraw_consent"),
    path("<int:pk>/children/<int:child_pk>/arrangement/", views.change_arrangement,
         name="change_arrangement"),
]
