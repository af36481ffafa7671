"""Re-encrypt every second-factor secret with the newest key in MFA_ENCRYPTION_KEYS."""

from django.core.management.base import BaseCommand

from kinship.accounts.services import reencrypt_second_factor_secrets


class Command(BaseCommand):
    help = "Re-encrypt TOTP secrets and recovery-code seeds with the first MFA_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        count = reencrypt_second_factor_secrets()
        self.stdout.write(f"Re-encrypted {count} authenticator(s) with the newest key.")
