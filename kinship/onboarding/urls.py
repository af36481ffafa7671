from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("new/", views.organisation_new, name="organisation_new"),
    path("team/", views.team, name="team"),
    path("<int:org_pk>/", views.organisation, name="organisation"),
    path("<int:org_pk>/invite/", views.invite, name="invite"),
    path("<int:org_pk>/suspend/", views.suspend, name="suspend"),
    path("<int:org_pk>/staff/<int:user_pk>/", views.member, name="member"),
]
