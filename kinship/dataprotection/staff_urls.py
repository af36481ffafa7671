from django.urls import path

from . import staff_views

app_name = "dataprotection_staff"
urlpatterns = [
    path("", staff_views.overview, name="overview"),
    path("schedule/", staff_views.schedule_page, name="schedule"),
    path("family/<str:household_pk>/", staff_views.family, name="family"),
    path("family/<str:household_pk>/hold/", staff_views.place_hold, name="place_hold"),
    path("family/<str:household_pk>/request/", staff_views.record_request, name="record_request"),
    path("holds/<str:pk>/lift/", staff_views.lift_hold, name="lift_hold"),
    path("requests/<str:pk>/", staff_views.request_detail, name="request"),
    path("requests/<str:pk>/export.json", staff_views.export_json, name="export_json"),
    path("requests/<str:pk>/export.pdf", staff_views.export_pdf, name="export_pdf"),
]
