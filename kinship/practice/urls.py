from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.index, name="index"),
    path("events.ics", views.feed, name="feed"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/calendar.ics", views.event_calendar, name="event_calendar"),
]
