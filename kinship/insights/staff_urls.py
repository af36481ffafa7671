from django.urls import path

from . import staff_views

app_name = "insights_staff"
urlpatterns = [
    path("", staff_views.releases, name="releases"),
    path("<str:pk>/", staff_views.release, name="release"),
    path("<str:pk>/approve/", staff_views.approve, name="approve"),
]
