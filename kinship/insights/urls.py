from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:pk>/", views.release, name="release"),
    path("<str:pk>/data.csv", views.release_csv, name="release_csv"),
    path("<str:pk>/data.json", views.release_json, name="release_json"),
    path("<str:pk>/<slug:measure>.csv", views.release_csv, name="table_csv"),
    path("<str:pk>/<slug:measure>.json", views.release_json, name="table_json"),
]
