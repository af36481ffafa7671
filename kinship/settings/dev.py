"""Development and demo settings: `make run`. Never used in production."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret-0b7f1c6e5d4a4b1f9e2c8d7a6b5c4d3e"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
