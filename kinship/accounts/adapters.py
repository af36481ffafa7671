from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from . import encryption


class StaffAccountAdapter(DefaultAccountAdapter):
    """Only staff have accounts, and administrators create them: there is no public sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Someone who has just signed in and has no second factor yet is setting one up for the
        # first time: asking for their password again adds nothing. Changing or removing an
        # existing authenticator still needs a fresh password.
        from .selectors import has_second_factor

        user = getattr(self.request, "user", None)
        if (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not has_second_factor(user)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class StaffMFAAdapter(DefaultMFAAdapter):
    """Second-factor secrets are encrypted at rest with keys kept apart from SECRET_KEY."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
