"""HTTP APIs: Open Referral UK 3.0 at /api/oruk/ (directory) and the entitlements checker's
JSON API at /api/entitlements/, and referral state for partner systems
at /api/referrals/. Each app owns the module included here."""

from django.urls import include, path

urlpatterns = [
    path("oruk/", include("kinship.directory.oruk_urls")),
    path("entitlements/", include("kinship.entitlements.api_urls")),
    path("referrals/", include("kinship.referrals.api_urls")),
]
