from django.urls import path

from . import voice_views as views

app_name = "voice"
urlpatterns = [
    path("", views.start, name="start"),
    path("families/", views.families, name="families"),
    path("young-people/", views.young_people, name="young_people"),
    path("professionals/", views.professionals, name="professionals"),
    path("you-said-we-did/", views.you_said, name="you_said"),
    path("thank-you/<slug:page>/", views.thanks, name="thanks"),
]
