from django.urls import path

from . import staff_views

app_name = "assessments_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("requests/<str:pk>/", staff_views.request_detail, name="request"),
    path("requests/<str:pk>/start/", staff_views.start, name="start"),
    path("requests/<str:pk>/decline/", staff_views.decline, name="decline"),
    path(
        "family/<str:household_pk>/request/",
        staff_views.request_for_family,
        name="request_for_family",
    ),
    path("<str:pk>/", staff_views.detail, name="detail"),
    path("<str:pk>/wellbeing/", staff_views.save_wellbeing, name="save_wellbeing"),
    path("<str:pk>/children/<str:part_pk>/voices/", staff_views.save_voices, name="save_voices"),
    path("<str:pk>/children/<str:part_pk>/link/", staff_views.child_link, name="child_link"),
    path("<str:pk>/needs/", staff_views.save_needs, name="save_needs"),
    path("<str:pk>/tasks/", staff_views.add_task, name="add_task"),
    path("<str:pk>/referrals/", staff_views.add_referral, name="add_referral"),
    path("<str:pk>/issue/", staff_views.issue, name="issue"),
    path("<str:pk>/records/<int:number>.pdf", staff_views.version_pdf, name="version_pdf"),
]
