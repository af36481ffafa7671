from django.urls import path

from . import staff_views

app_name = "directory_staff"
urlpatterns = [
    path("", staff_views.services, name="services"),
    path("services/new/", staff_views.service_create, name="service_create"),
    path("services/<str:service_id>/", staff_views.service_edit, name="service_edit"),
    path("services/<str:service_id>/checked/", staff_views.service_checked,
         name="service_checked"),
    path("feeds/", staff_views.feeds, name="feeds"),
    path("feeds/<int:feed_id>/", staff_views.feed, name="feed"),
    path("feeds/<int:feed_id>/pull/", staff_views.feed_pull, name="feed_pull"),
    path("offer/<slug:slug>/", staff_views.local_offer_edit, name="local_offer_edit"),
]
