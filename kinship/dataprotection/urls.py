from django.urls import path

from . import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.retention, name="retention"),
]
