"""Include from kinship/api_urls.py as path("referrals/", include("kinship.referrals.api_urls"))."""

from django.urls import path

from . import api_views

app_name = "referrals_api"
urlpatterns = [
    path("", api_views.referral_list, name="list"),
    path("openapi.json", api_views.openapi, name="openapi"),
    path("<str:pk>/", api_views.referral_detail, name="detail"),
]
