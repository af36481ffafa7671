"""Open Referral UK 3.0 at /api/oruk/. Paths match the standard exactly (no trailing slash);
a trailing slash is accepted too."""

from django.urls import path, re_path

from . import oruk_views as views

UUIDISH = r"(?P<{}>[^/]+)"

app_name = "oruk"
urlpatterns = [
    path("", views.api_details, name="api_details"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(r"^services/" + UUIDISH.format("service_id") + "/?$", views.service_detail,
            name="service"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    re_path(r"^organizations/" + UUIDISH.format("organization_id") + "/?$",
            views.organization_detail, name="organization"),
    re_path(r"^service_at_locations/?$", views.service_at_locations,
            name="service_at_locations"),
    re_path(r"^service_at_locations/" + UUIDISH.format("sal_id") + "/?$",
            views.service_at_location_detail, name="service_at_location"),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    re_path(r"^taxonomies/" + UUIDISH.format("taxonomy_id") + "/?$", views.taxonomy_detail,
            name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    re_path(r"^taxonomy_terms/" + UUIDISH.format("term_id") + "/?$",
            views.taxonomy_term_detail, name="taxonomy_term"),
]
