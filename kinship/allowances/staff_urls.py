from django.urls import path

from . import staff_views

app_name = "allowances_staff"
urlpatterns = [
    path("", staff_views.publications, name="publications"),
    path("template.csv", staff_views.template, name="template"),
    path("<slug:slug>/publish/", staff_views.publish, name="publish"),
    path("<slug:slug>/enter/", staff_views.enter, name="enter"),
]
