"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KINSHIP_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    # Our apps, lowest layer first (see docs/architecture.md); `web` is the top of the house.
    "kinship.core",
    "kinship.throttle",
    "kinship.places",
    "kinship.accounts",
    "kinship.audit",
    "kinship.directory",
    "kinship.entitlements",
    "kinship.allowances",
    "kinship.families",
    "kinship.advice",
    "kinship.referrals",
    "kinship.onboarding",
    "kinship.assessments",
    "kinship.insights",
    "kinship.delivery",
    "kinship.caseload",
    "kinship.practice",
    "kinship.mentors",
    "kinship.dataprotection",
    "kinship.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kinship.web.middleware.CompressionMiddleware",
    "kinship.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kinship.web.middleware.ApiErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kinship.accounts.middleware.SecondFactorRequiredMiddleware",
]

# How many reverse proxies we run in front of Django. 0 (the default): X-Forwarded-For is not
# trusted and REMOTE_ADDR is the client. N: the client is the Nth address from the right of
# X-Forwarded-For (the one our outermost proxy appended); without it, every family behind the
# proxy would share one address and one throttle. allauth's sign-in throttle uses the same.
TRUSTED_PROXY = int(os.environ.get("TRUSTED_PROXY", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY

# Django's default name, declared because directory.views reads it: a search page is kept
# only for a visitor without a session cookie (issue 20).
SESSION_COOKIE_NAME = "sessionid"
ROOT_URLCONF = "kinship.urls"
# /_bench/ routes (timing references for bench/): on only in the test settings.
BENCH_ROUTES = False
WSGI_APPLICATION = "kinship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kinship" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinship.web.context_processors.site",
                "kinship.web.context_processors.language_links",
                "kinship.web.context_processors.navigation",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default; DATABASE_URL selects PostgreSQL.
SQLITE_PATH = VAR_DIR / "kinship.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE avoids "database is locked" when a read transaction upgrades to a write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

FORM_RENDERER = "kinship.core.forms.DesignSystemRenderer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Caches back allauth's sign-in throttling and TOTP replay protection, so they must be shared
# by every process: the database cache needs no extra server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kinship_cache",
    }
}

# --- sign-in (staff only; families never need an account) ---
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:staff_home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "kinship.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Repeated failed sign-ins are throttled per address and per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kinship Hub"
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "kinship.accounts.adapters.StaffMFAAdapter"
# Fernet keys encrypting TOTP secrets and recovery-code seeds at rest, comma-separated, newest
# first (`Fernet.generate_key()`). Kept apart from SECRET_KEY so neither a leaked SECRET_KEY nor a
# database copy alone reveals a second factor. To rotate: put a new key first, run
# `manage.py rotate_mfa_keys`, then drop the old one.
MFA_ENCRYPTION_KEYS = [k for k in os.environ.get("MFA_ENCRYPTION_KEYS", "").split(",") if k]
SESSION_COOKIE_AGE = 60 * 60 * 9  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_AGE = None  # a session cookie: gone when the browser closes
SESSION_COOKIE_SAMESITE = "Lax"
# Notices after an action ("Consent recorded.") are django.contrib.messages, kept in the
# session (server side): some carry a one-time secret that must not travel in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- i18n: English complete; catalogues ready for Gàidhlig and others ---
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("gd", _("Gàidhlig"))]
LOCALE_PATHS = [BASE_DIR / "kinship" / "locale"]
# Who signed off each language's translation, and when: {"gd": {"reviewer": "...", "date":
# "YYYY-MM-DD"}}. Until a language has an entry, every page in it says the translation is a
# draft awaiting review by its speakers (the Gàidhlig one is a draft: docs/translating.md).
TRANSLATION_REVIEWS: dict[str, dict[str, str]] = {}
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

# --- static files: Scottish Government Design System copied from npm by `make assets` ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "kinship" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- insights: statistical disclosure control of published figures ---
# Counts from 1 to INSIGHTS_THRESHOLD - 1 are hidden, then secondary suppression keeps at least
# INSIGHTS_SAFETY_RANGE % uncertainty about each. The Scottish Government asks for principles-
# based control rather than one national number; local practice ranges from hiding 1-5 (Moray
# Council) to reviewing 1-9 (NES): see kinship/insights/docs and DOMAIN.md section 7.
INSIGHTS_THRESHOLD = int(os.environ.get("INSIGHTS_THRESHOLD", "5"))
INSIGHTS_SAFETY_RANGE = int(os.environ.get("INSIGHTS_SAFETY_RANGE", "30"))
# The secret behind the cell-key perturbation of published figures; empty means derive it from
# SECRET_KEY. Keep it stable: changing it changes every figure's perturbation.
INSIGHTS_CELL_KEY_SECRET = os.environ.get("INSIGHTS_CELL_KEY_SECRET", "")
# "Have your say" responses accepted from one address in an hour (more are refused with 429).
# Generous, because a school or a support group may answer together from one connection.
DELIVERY_FEEDBACK_PER_HOUR = int(os.environ.get("DELIVERY_FEEDBACK_PER_HOUR", "20"))

# --- data protection: retention periods the law leaves to each organisation ---
# Months kept after the rule's trigger (kinship/dataprotection/retention_schedule.py), used
# until an organisation sets its own. These are Kinship Hub's DEFAULTS, chosen for a first
# installation to be reviewed by each organisation's Data Protection Officer: they are NOT
# legal periods (the one statutory period, LAC (Scotland) Regs 2009 reg. 43, is in the schedule).
DATAPROTECTION_DEFAULT_MONTHS = {
    "enquiry": 24,
    "family_record": 72,
    "referral": 72,
    "assessment": 72,
    "audit_event": 72,
    "feedback": 24,
    "mentoring": 24,
    "event_sign_up": 12,
}

# --- background work: Django's Tasks API ---
# "db" (the embedded default): tasks are rows in the database, run by `manage.py db_worker`.
# "rq": tasks go to Redis (REDIS_URL), run by any number of
# `manage.py rqworker default --job-class django_tasks_rq.Job` (see docs/deployment.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
# The Redis that holds the RQ queues; only read when TASKS_BACKEND is "rq".
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# django-rq's queues; every queue named in TASKS must be here.
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ValueError(f"TASKS_BACKEND must be 'db' or 'rq', not {TASKS_BACKEND!r}")

# --- security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict policy: our own origin only, no inline script or style.
# The TOTP QR code is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kinship Hub <no-reply@kinship.example>")

# --- product settings ---
# Every setting the code reads is declared here (kinship/web/tests/test_settings.py checks).
KINSHIP = {
    # Quick exit (the design system's "Hide this page"): the link opens QUICK_EXIT_URL (in a new
    # tab when JavaScript runs) and this tab is replaced by QUICK_EXIT_ALT_URL, so Back does not
    # return here. Both neutral pages.
    "QUICK_EXIT_URL": "https://www.bbc.co.uk/weather",
    "QUICK_EXIT_ALT_URL": "https://www.google.co.uk",
    # The product's name in pages and emails.
    "SERVICE_NAME": "Kinship Hub",
    # The Kinship Care Advice Service for Scotland's free number, shown on pages and emails.
    "NATIONAL_ADVICE_LINE": "08000 28 22 33",
    # The public address of this installation, for links in emails (read outside the site,
    # so they must be absolute). Production requires https (settings/production.py).
    # Locally, email links follow the port `make run` serves on (PORT, as `serve` reads it).
    "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"),
    # Referral deadlines in working days: acknowledge, decide, and escalate an unanswered
    # reminder (see docs/referrals.md; the referrals app falls back to the same figures).
    "REFERRAL_ACK_DAYS": int(os.environ.get("REFERRAL_ACK_DAYS", "2")),
    "REFERRAL_DECIDE_DAYS": int(os.environ.get("REFERRAL_DECIDE_DAYS", "10")),
    "REFERRAL_ESCALATE_DAYS": int(os.environ.get("REFERRAL_ESCALATE_DAYS", "2")),
    # Days an invitation to join (a new organisation's administrator, or staff) stays valid.
    "INVITE_DAYS": int(os.environ.get("INVITE_DAYS", "7")),
    # Assessment requests: first contact within these working days (our service standard, not
    # a statutory deadline), and escalation of an unanswered reminder (requests and reviews).
    "ASSESSMENT_CONTACT_DAYS": int(os.environ.get("ASSESSMENT_CONTACT_DAYS", "10")),
    "ASSESSMENT_ESCALATE_DAYS": int(os.environ.get("ASSESSMENT_ESCALATE_DAYS", "2")),
    # A mentor match is reviewed this many days after matching, unless the co-ordinator sets
    # another date (our service standard for the mentoring pilot, not a statutory figure).
    "MENTOR_REVIEW_AFTER_DAYS": int(os.environ.get("MENTOR_REVIEW_AFTER_DAYS", "90")),
    # Demo-only helpers (`manage.py otp`); switched on by settings/demo.py only.
    "DEMO": False,
}

# Called, after commit, with each change of a child's legal arrangement
# (families.services.child_change_arrangement). Named here because the apps that act on it sit
# above `families`: the referrals app's "no cliff edge" transition referral.
FAMILY_ARRANGEMENT_FOLLOW_UPS = [
    "kinship.referrals.services.refer_on_cliff_edge",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Fetching partners' directory feeds (kinship/directory/fetch.py, the SSRF guard): https only
# unless ALLOW_HTTP; addresses that resolve inside a private, loopback, link-local (cloud
# metadata) or reserved network are refused unless listed in ALLOWED_NETWORKS (CIDRs, e.g. an
# on-premises partner; tests list 127.0.0.1/32); a fetch and its redirects must finish within
# TIMEOUT_SECONDS, bodies over MAX_BYTES are refused, at most MAX_REDIRECTS hops (each
# re-checked).
PARTNER_FEED_FETCH = {
    "ALLOW_HTTP": os.environ.get("PARTNER_FEED_ALLOW_HTTP", "") == "1",
    "ALLOWED_NETWORKS": [
        n for n in os.environ.get("PARTNER_FEED_ALLOWED_NETWORKS", "").split(",") if n.strip()
    ],
    "MAX_BYTES": 100 * 1024 * 1024,
    "TIMEOUT_SECONDS": 60,
    "MAX_REDIRECTS": 5,
}
