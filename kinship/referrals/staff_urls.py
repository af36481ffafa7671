from django.urls import path

from . import staff_views

app_name = "referrals_staff"
urlpatterns = [
    path("", staff_views.inbox, name="inbox"),
    path("new/", staff_views.new, name="new"),
    path("sent-on/", staff_views.sent_on, name="sent_on"),
    path("family/<int:household_pk>/", staff_views.family, name="family"),
    path("<str:pk>/", staff_views.detail, name="detail"),
    path("<str:pk>/act/", staff_views.act, name="act"),
]
