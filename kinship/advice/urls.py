from django.urls import path

from . import views

app_name = "advice"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("sent/", views.sent, name="sent"),
    path("status/", views.status, name="status"),
    path("guidance/", views.guidance_list, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_detail, name="guidance_article"),
]
