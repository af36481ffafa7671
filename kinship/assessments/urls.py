from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("sent/", views.sent, name="sent"),
    path("record/", views.family_record, name="record"),
    path("record/download/", views.family_download, name="download"),
    path("child/<str:token>/", views.child_answers, name="child"),
]
