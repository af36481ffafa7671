from django.urls import path

from . import staff_views

app_name = "mentors_staff"
urlpatterns = [
    path("", staff_views.scheme, name="scheme"),
    path("mine/", staff_views.mine, name="mine"),
    path("ask/", staff_views.ask, name="ask"),
    path("mentors/new/", staff_views.mentor_new, name="mentor_new"),
    path("mentors/<int:pk>/", staff_views.mentor, name="mentor"),
    path("requests/<int:pk>/", staff_views.request_detail, name="request"),
    path("requests/<int:pk>/close/", staff_views.request_close, name="request_close"),
    path("matches/<int:pk>/", staff_views.match, name="match"),
    path("short-breaks/", staff_views.short_breaks, name="short_breaks"),
    path("short-breaks/<int:pk>/withdraw/", staff_views.offer_withdraw, name="offer_withdraw"),
    path(
        "short-breaks/available/",
        staff_views.short_breaks_for_workers,
        name="short_breaks_for_workers",
    ),
    path(
        "short-breaks/<int:pk>/request/",
        staff_views.short_break_request,
        name="short_break_request",
    ),
]
