"""How a family comes back without an account: a reference and a secret they were given.

Shared by the advice hub (enquiries, KH-…) and referrals (KR-…). References and secrets use an
alphabet without look-alike characters (no 0/O, 1/I/L, U) so they can be read over the phone.
Secrets are stored only as a keyed hash; checking them (and the throttle) is `status_check`.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(groups: int, size: int = 4) -> str:
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(size)) for _ in range(groups)
    )


def new_reference(prefix: str) -> str:
    """PREFIX-7F3K-9QPD: 8 characters from 30, about 6.6e11 possibilities."""
    return f"{prefix}-{random_code(2)}"


def new_secret() -> str:
    """Three groups of four (about 59 bits): with attempts throttled, enough to protect a
    status page that shows no personal detail."""
    return random_code(3)


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[:20]


def formatted_reference(prefix: str, text: str) -> str:
    """The stored form of a typed reference ("kh 7f3k9qpd" -> "KH-7F3K-9QPD"), or ""."""
    code = normalise_code(text)
    if len(code) != len(prefix) + 8 or not code.startswith(prefix):
        return ""
    body = code[len(prefix):]
    return f"{prefix}-{body[:4]}-{body[4:]}"


def secret_hash(secret: str, purpose: str) -> str:
    # A keyed hash, not a slow password hash: the secret is random and long, and attempts
    # are throttled, so the hash only has to stop a database reader from using it.
    return salted_hmac(purpose, normalise_code(secret), algorithm="sha256").hexdigest()


def secret_matches(secret: str, expected_hash: str, purpose: str) -> bool:
    return constant_time_compare(secret_hash(secret, purpose), expected_hash)
