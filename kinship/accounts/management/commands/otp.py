from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kinship.accounts.demo import DEMO_EMAIL_DOMAIN
from kinship.accounts.mfa import secret_for, totp_code
from kinship.accounts.models import User


class Command(BaseCommand):
    help = "Print the current sign-in code of demo users (demo settings and demo users only)."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="one demo user's email (default: all)")

    def handle(self, *args, email=None, **options):
        if not settings.KINSHIP.get("DEMO"):
            raise CommandError("Only available in the demo settings (kinship.settings.demo).")
        users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        if email:
            users = users.filter(email=email.lower())
        found = False
        for user in users.order_by("email"):
            secret = secret_for(user)
            if secret:
                found = True
                self.stdout.write(f"{totp_code(secret)}  {user.email}")
        if not found:
            raise CommandError("No demo user with an authenticator found.")
