from django.urls import path

from . import views

app_name = "mentors"
urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("short-breaks/", views.short_breaks, name="short_breaks"),
    path("professionals/", views.professionals, name="professionals"),
    path("professionals/refer/", views.refer, name="refer"),
    path("professionals/leaflets/", views.leaflets, name="leaflets"),
    path("professionals/leaflets/<slug:slug>/", views.council_leaflets, name="council_leaflets"),
    path(
        "professionals/leaflets/<slug:slug>/<str:kind>-<str:size>-<str:language>.pdf",
        views.leaflet_pdf,
        name="leaflet_pdf",
    ),
    path("professionals/referral/<str:token>/", views.referral_progress, name="referral_progress"),
]
