from django.urls import path

from . import views

app_name = "allowances"
urlpatterns = [
    path("", views.compare, name="compare"),
    path("compare.csv", views.compare_csv, name="compare_csv"),
    path("compare.json", views.compare_json, name="compare_json"),
    path("publications.csv", views.publications_csv, name="publications_csv"),
    path("council/<slug:slug>/", views.council, name="council"),
    path("what-should-i-get/", views.what_should_i_get, name="what_should_i_get"),
]
