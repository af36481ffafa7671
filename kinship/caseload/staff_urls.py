from django.urls import path

from . import staff_views

app_name = "caseload_staff"
urlpatterns = [
    path("", staff_views.caseload, name="caseload"),
    path("summary/", staff_views.summary, name="summary"),
    path("team/", staff_views.team, name="team"),
    path("family/<str:pk>/", staff_views.family, name="family"),
    path("family/<str:pk>/take-on/", staff_views.take_on, name="take_on"),
    path("family/<str:pk>/contacts/", staff_views.add_contact, name="add_contact"),
    path(
        "family/<str:pk>/children/<str:child_pk>/order-change/",
        staff_views.plan_change,
        name="plan_change",
    ),
    path("family/<str:pk>/moved/", staff_views.moved, name="moved"),
    path(
        "family/<str:pk>/children/<str:child_pk>/placing-council/",
        staff_views.placing_council,
        name="placing_council",
    ),
    path("actions/<str:action_pk>/need/", staff_views.set_need, name="set_need"),
    path("actions/<str:action_pk>/refer/", staff_views.refer_action, name="refer_action"),
]
