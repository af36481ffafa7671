"""Response headers every page gets, beyond Django's SecurityMiddleware and django-csp."""

from django.middleware.gzip import GZipMiddleware

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


# --- Response compression (issue 20) -------------------------------------------------------
# Text answers are gzipped when the browser accepts it: a search results page of ~33 kB is
# ~6 kB on the wire, which matters to a family on one bar of signal. Static files are not
# handled here: WhiteNoise serves the pre-compressed copies `collectstatic` makes (demo and
# production settings); under the dev settings it streams them from the source tree, and they
# are compressed here like any text answer.
#
# BREACH (a secret guessed from compressed sizes, with attacker-chosen text reflected in the
# same page) is answered three ways:
# - answers marked `Cache-Control: no-store` are never compressed: staff pages (everything
#   under SecurityHeadersMiddleware's PRIVATE_PREFIXES) and every page showing a family's own
#   record or codes set it, and these are the pages that reflect search terms next to personal
#   data behind a session cookie;
# - the CSRF token in public forms is masked with fresh random bytes on every response
#   (Django's default), so it has no stable value to guess;
# - Django's GZipMiddleware (4.2+) adds 0-99 random bytes to each gzip header, so sizes are
#   noisy ("Heal the BREACH").
COMPRESSED_TYPES = (
    "text/html",
    "text/csv",
    "text/plain",
    "text/css",
    "text/javascript",
    "text/calendar",
    "application/json",
    "application/javascript",
    "application/x-ndjson",
    "image/svg+xml",
)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSED_TYPES:
            return response
        if "no-store" in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
