from django.urls import path

from . import views

app_name = "delivery"
urlpatterns = [
    path("", views.index, name="index"),
    path("plan.csv", views.plan_csv, name="plan_csv"),
    path("plan.json", views.plan_json, name="plan_json"),
    path("indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("indicators.json", views.indicators_json, name="indicators_json"),
    path("commitment/<slug:slug>/", views.commitment, name="commitment"),
    path("<slug:slug>/", views.area, name="area"),
]
