"""The demo (`make run`): production-like (no DEBUG, hashed and compressed static files) on
localhost over plain HTTP, with the demo-only helpers (`manage.py otp`) switched on."""

from .base import *  # noqa: F403
from .base import KINSHIP, VAR_DIR

DEBUG = False
SECRET_KEY = "demo-only-not-secret-0b7f1c6e5d4a4b1f9e2c8d7a6b5c4d3e-kinship-hub"  # noqa: S105
# A fixed, public key so demo and test databases stay readable; never used in production.
MFA_ENCRYPTION_KEYS = ["ZGVtby1vbmx5LW5vdC1zZWNyZXQtbWZhLWtleS0wMDA="]  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
KINSHIP = {**KINSHIP, "DEMO": True}
VAR_DIR.mkdir(parents=True, exist_ok=True)
