from django.core.management.base import BaseCommand

from kinship.accounts.demo import DEMO_PASSWORD, DEMO_SIGNINS, demo_email, demo_totp_secret
from kinship.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo staff sign-ins (email, password, authenticator secret)."

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
        self.stdout.write("Get a current 6-digit code for any of them with: make otp")
