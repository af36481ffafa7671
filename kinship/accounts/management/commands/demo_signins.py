from django.core.management.base import BaseCommand

from kinship.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_SIGNINS,
    council_signin_emails,
    demo_email,
    demo_totp_secret,
)
from kinship.accounts.models import User
from kinship.places.models import Council


class Command(BaseCommand):
    help = (
        "Print the demo staff sign-ins (email, password, authenticator secret), then one "
        "kinship team and one charity sign-in for every council, grouped by council."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Demo staff sign-ins (password for all: {DEMO_PASSWORD})")
        for local, _name, _role, _org, with_totp in DEMO_SIGNINS:
            email = demo_email(local)
            user = User.objects.filter(email=email).select_related("organisation").first()
            if not user:
                continue
            secret = (
                demo_totp_secret(email)
                if with_totp
                else "(none yet: sets up a second factor on first sign-in)"
            )
            self.stdout.write(f"  {user.get_role_display():28} {email:38} {user.organisation}")
            self.stdout.write(f"  {'':28} authenticator secret: {secret}")
        by_email = {
            u.email: u
            for u in User.objects.filter(
                email__in=[e for c in Council.objects.all() for e in council_signin_emails(c)]
            ).select_related("organisation")
        }
        if by_email:
            self.stdout.write(
                "\nEvery council (same password; authenticator secret: "
                "make otp EMAIL=... prints the current code):"
            )
        for council in Council.objects.order_by("name"):
            people = [by_email[e] for e in council_signin_emails(council) if e in by_email]
            if not people:
                continue
            self.stdout.write(f"  {council.name}")
            for user in people:
                self.stdout.write(
                    f"    {user.get_role_display():28} {user.email:48} {user.organisation}"
                )
        self.stdout.write(
            "Get a current 6-digit code with: make otp (all) or make otp EMAIL=<email> (one)"
        )
