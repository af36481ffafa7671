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


class ApiErrorsMiddleware:
    """Under /api/ every answer is JSON, errors included.

    The APIs authenticate with a bearer key or not at all, never with the session cookie, so
    CSRF protection (which answers a cross-site POST with an HTML page) does not apply: it is
    switched off for /api/ so an undeclared method reaches the view's method check. Any
    non-JSON error (Django's bare 405, an unknown path's 404, a 500) becomes a JSON body with
    the same status and headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        request._dont_enforce_csrf_checks = True
        response = self.get_response(request)
        if response.status_code >= 400 and "json" not in response.get("Content-Type", ""):
            return _json_error(response)
        return response


API_PREFIX = "/api/"
ERROR_MESSAGES = {
    400: "The request is not valid.",
    401: "A valid API key is needed.",
    403: "Not allowed.",
    404: "Not found.",
    405: "This method is not allowed here.",
    429: "Too many requests.",
}


def _json_error(response):
    from django.http import JsonResponse

    status = response.status_code
    body = {"error": ERROR_MESSAGES.get(status, "The server could not answer.")}
    if status == 405 and response.has_header("Allow"):
        body["allowed_methods"] = [m.strip() for m in response["Allow"].split(",")]
    replacement = JsonResponse(body, status=status)
    for header in ("Allow", "WWW-Authenticate", "Retry-After"):
        if response.has_header(header):
            replacement[header] = response[header]
    return replacement
