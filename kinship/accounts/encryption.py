"""Encryption at rest for second-factor secrets (TOTP keys, recovery-code seeds).

The keys come from settings.MFA_ENCRYPTION_KEYS (the environment in production), never from
SECRET_KEY: a leaked SECRET_KEY or a copy of the database alone must not reveal anyone's second
factor. The first key encrypts; every listed key decrypts, so a new key can be put first and the
old one kept until `manage.py rotate_mfa_keys` has re-encrypted every row.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Which entries of Authenticator.data hold a secret, by authenticator type.
SECRET_FIELDS = {"totp": ("secret",), "recovery_codes": ("seed", "migrated_codes")}


def _fernet() -> MultiFernet:
    keys = getattr(settings, "MFA_ENCRYPTION_KEYS", None) or []
    if not keys:
        raise ImproperlyConfigured(
            "Set MFA_ENCRYPTION_KEYS (one or more Fernet keys, newest first) in the environment."
        )
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def is_encrypted(value: str) -> bool:
    try:
        _fernet().decrypt(value.encode())
    except (InvalidToken, ValueError, TypeError):
        return False
    return True


def rotate(token: str) -> str:
    """The same secret encrypted with the newest key."""
    return _fernet().rotate(token.encode()).decode()


def _map_secrets(kind: str, data: dict, fn) -> dict:
    out = dict(data)
    for field in SECRET_FIELDS.get(kind, ()):
        value = out.get(field)
        if isinstance(value, str):
            out[field] = fn(value)
        elif isinstance(value, list):
            out[field] = [fn(v) for v in value]
    return out


def encrypt_data(kind: str, data: dict) -> dict:
    """Encrypt any secret in an authenticator's data still stored in clear (idempotent)."""
    return _map_secrets(kind, data, lambda v: v if is_encrypted(v) else encrypt(v))


def rotate_data(kind: str, data: dict) -> dict:
    return _map_secrets(kind, data, lambda v: rotate(v) if is_encrypted(v) else encrypt(v))


def decrypt_data(kind: str, data: dict) -> dict:
    """Back to clear text (only for reversing the migration)."""
    return _map_secrets(kind, data, lambda v: decrypt(v) if is_encrypted(v) else v)
