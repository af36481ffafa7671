"""No personal data without a second factor.

Every staff area (/staff/ and /admin/) is closed to a signed-in user who has not yet set up an
authenticator app: they are sent to set one up first. Views also check this through
`staff_required`, so a page mounted elsewhere by mistake is still protected.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .selectors import has_second_factor

PROTECTED_PREFIXES = ("/staff/", "/admin/")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(PROTECTED_PREFIXES)
            and not has_second_factor(user)
        ):
            url = reverse("mfa_activate_totp")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
