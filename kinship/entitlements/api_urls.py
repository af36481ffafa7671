from django.urls import URLPattern
from django.views.decorators.http import require_safe

from .api import api

app_name = "entitlements_api"
# django-ninja's own routes (the OpenAPI document, the API root) answer any method; they are
# read-only, so anything but GET/HEAD is a 405 like every other API route.
NINJA_OWN_ROUTES = ("openapi-json", "api-root")
urlpatterns = [
    URLPattern(p.pattern, require_safe(p.callback), p.default_args, p.name)
    if p.name in NINJA_OWN_ROUTES
    else p
    for p in api.urls[0]
]
