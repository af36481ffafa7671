"""Response headers every page gets, beyond Django's SecurityMiddleware and django-csp."""

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
PRIVATE_PREFIXES = ("/staff/", "/admin/", "/accounts/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(PRIVATE_PREFIXES) or getattr(request, "no_store", False):
            # Personal data must not linger in shared computers' caches.
            response["Cache-Control"] = "no-store"
        return response
