from allauth.account.adapter import DefaultAccountAdapter


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
