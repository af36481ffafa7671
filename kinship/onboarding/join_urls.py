from django.urls import path

from . import views

app_name = "onboarding_join"
urlpatterns = [
    path("<str:token>/", views.accept, name="accept"),
]
