"""Guards for staff views. Use `staff_required` on every view that shows personal data."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import has_second_factor


def staff_required(view=None, *, perm: str | None = None):
    """Signed in, with a second factor, in an organisation, and (optionally) holding `perm`.

    `perm` names a permission declared in an app's `permissions.py`. Anonymous people go to
    sign in; staff without an authenticator app go to set one up; staff without the permission
    get 403 (and the attempt is audited).
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                login = reverse("account_login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            if not has_second_factor(user):
                url = reverse("mfa_activate_totp")
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
            if not (user.organisation_id and user.role) and not user.is_superuser:
                raise PermissionDenied("Your account is not linked to an organisation.")
            if user.organisation_id and user.organisation.suspended_at:
                raise PermissionDenied("Your organisation's access is suspended.")
            if perm and not user.has_perm(perm):
                from kinship.audit.services import record_denied

                record_denied(request, reason=f"role {user.role or 'none'} lacks {perm}")
                raise PermissionDenied("Your role does not give access to this page.")
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


class StaffRequiredMixin:
    """Class-based equivalent of `staff_required`; set `permission_required` to a permission."""

    permission_required: str | None = None

    @classmethod
    def as_view(cls, **initkwargs):
        return staff_required(super().as_view(**initkwargs), perm=cls.permission_required)
