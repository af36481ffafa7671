"""Second-factor helpers on top of allauth's TOTP: used by the demo data and tests.

These never bypass the check: they create a real authenticator and compute a real code from
its secret, exactly as a phone app would.
"""

import base64
import hashlib
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

TOTP_PERIOD_SECONDS = 30


def deterministic_secret(seed: str) -> str:
    """A base32 TOTP secret derived from a seed, so demo sign-ins can be printed in the README."""
    return base64.b32encode(hashlib.sha256(seed.encode()).digest()[:20]).decode()


def activate_totp(user, secret: str) -> Authenticator:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return TOTP.activate(user, secret).instance


def totp_code(secret: str, at: float | None = None) -> str:
    counter = int(at if at is not None else time.time()) // TOTP_PERIOD_SECONDS
    return format_hotp_value(hotp_value(secret, counter))


def secret_for(user) -> str | None:
    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(auth.data["secret"]) if auth else None
