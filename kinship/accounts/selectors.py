"""Reads about staff and organisations: who someone is, and whether their sign-in is strong."""

from allauth.mfa.models import Authenticator

from .models import Organisation


def has_second_factor(user) -> bool:
    """True once the user has an authenticator app set up (allauth then demands it at sign-in)."""
    if not getattr(user, "is_authenticated", False):
        return False
    # Remembered on the user object, so the middleware and the view guard ask the database once
    # per request. A newly activated authenticator is seen on the next request.
    if not hasattr(user, "_kinship_has_totp"):
        user._kinship_has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    return user._kinship_has_totp


def organisations_covering(council_code: str):
    """Organisations that work in a council area: those listing it, plus national ones."""
    from django.db.models import Q

    return Organisation.objects.filter(Q(is_national=True) | Q(councils=council_code)).distinct()
