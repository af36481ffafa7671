from django.urls import path

from . import staff_views as views

app_name = "practice_staff"
urlpatterns = [
    path("", views.hub, name="hub"),
    path("search/", views.search, name="search"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/new/", views.new_draft, name="new_draft"),
    path("guidance/article/<int:pk>/", views.article, name="article"),
    path("guidance/article/<int:pk>/new-version/", views.new_version, name="new_version"),
    path("guidance/article/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("guidance/draft/<int:pk>/", views.draft, name="draft"),
    path("guidance/draft/<int:pk>/<str:action>/", views.draft_action, name="draft_action"),
    path("guidance/scripts/", views.scripts, name="scripts"),
    path("guidance/scripts/<int:pk>/", views.script, name="script"),
    path("learning/", views.learning, name="learning"),
    path("learning/resources/new/", views.new_resource, name="new_resource"),
    path("learning/events/new/", views.new_event, name="new_event"),
    path("learning/events/mine.ics", views.my_calendar, name="my_calendar"),
    path("learning/events/<int:pk>/", views.event, name="event"),
    path("learning/events/<int:pk>/sign-up/", views.event_sign_up, name="event_sign_up"),
    path("learning/events/<int:pk>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("learning/events/<int:pk>/sign-ups/", views.event_sign_ups, name="event_sign_ups"),
    path("communities/common-questions/", views.common_questions, name="common_questions"),
    path("communities/moderation/", views.moderation, name="moderation"),
    path("communities/moderation/<int:pk>/", views.moderate, name="moderate"),
    path("communities/discussion/<int:pk>/", views.thread, name="thread"),
    path("communities/<slug:slug>/", views.space, name="space"),
    path("communities/<slug:slug>/new/", views.new_thread, name="new_thread"),
]
