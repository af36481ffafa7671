"""Test settings: SQLite in memory unless DATABASE_URL points at PostgreSQL."""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
# A fixed, public key so demo and test databases stay readable; never used in production.
MFA_ENCRYPTION_KEYS = ["ZGVtby1vbmx5LW5vdC1zZWNyZXQtbWZhLWtleS0wMDA="]  # noqa: S105
ALLOWED_HOSTS = ["*"]
BENCH_ROUTES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)

# whitenoise warns when the collected-static folder is missing; tests serve from the finders.
from .base import STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
