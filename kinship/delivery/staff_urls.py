from django.urls import path

from . import staff_views as views

app_name = "delivery_staff"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("compute/", views.compute, name="compute"),
    path("commitment/<int:pk>/", views.commitment, name="commitment"),
    path("commitment/<int:pk>/milestones/", views.add_milestone, name="add_milestone"),
    path("milestone/<int:pk>/", views.milestone, name="milestone"),
    path("indicator/<int:pk>/reading/", views.enter_reading, name="enter_reading"),
    path("responses/", views.responses, name="responses"),
    path("responses/<int:pk>/", views.moderate, name="moderate"),
    path("themes/suggest/", views.suggest, name="suggest"),
    path("suggestions/<int:pk>/", views.decide, name="decide"),
    path("themes/<int:pk>/", views.theme, name="theme"),
]
