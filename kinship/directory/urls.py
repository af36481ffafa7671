from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("results.csv", views.search_csv, name="search_csv"),
    path("service/<str:service_id>/", views.service_detail, name="service"),
    path("organisation/<str:organization_id>/", views.organization_detail, name="organization"),
    path("council/<slug:slug>/", views.local_offer, name="local_offer"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps.csv", views.gaps_csv, name="gaps_csv"),
]
