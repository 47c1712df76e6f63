"""Django settings for Kring. Every value that differs between installations comes from
the environment through the strict helpers in `kring.config.env`; see `.env.example`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from kring.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

DEBUG = env_bool("KRING_DEBUG", False)
# The default key is for the demo and tests only; `check --deploy` rejects it in production.
DEMO_SECRET_KEY = "django-insecure-kring-demo-only-not-for-production"  # noqa: S105
SECRET_KEY = env_str("KRING_SECRET_KEY", DEMO_SECRET_KEY)
# An installation with its own secret key is a production installation: HTTPS-only cookies,
# HSTS and two-factor login are then on unless switched off explicitly.
PRODUCTION = SECRET_KEY != DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("KRING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kring.accounts",
    "kring.organisations",
    "kring.care",
    "kring.audit",
    "kring.records",
    "kring.calendars",
    "kring.planner",
    "kring.demo",
    "kring.web",
    "kring.api",
    "rest_framework",
    "drf_spectacular",
    "kring.ops",
    "kring.reminders",  # before django_tasks_db: its db_worker also schedules reminders
    "kring.transfer",
    "kring.reports",
    "kring.evaluation",
    "django_tasks",
    "django_tasks_db",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before any other
    "kring.accounts.backends.EmailOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kring.web.middleware.DutchFirstLocaleMiddleware",  # Dutch unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "kring.urls"
WSGI_APPLICATION = "kring.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kring.web.context_processors.kring",
                "kring.reports.context_processors.national",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: IMMEDIATE transactions take the write lock at BEGIN, so two
    # concurrent bookings are serialised (PostgreSQL uses SELECT ... FOR UPDATE instead).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Several people and the task worker at once: WAL lets readers go on while one writes, and
    # a writer waits up to KRING_SQLITE_BUSY_SECONDS for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"]["timeout"] = env_int("KRING_SQLITE_BUSY_SECONDS", 30)
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Logging in and out happens on Kring's own pages (kring.web).
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

# Background tasks (django-tasks) queue in the database; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"

SESSION_COOKIE_AGE = env_int("KRING_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity

SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): a username from one address is locked out after
# KRING_LOGIN_FAILURE_LIMIT failed attempts for KRING_LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("KRING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KRING_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "kring/locked_out.html"

# Two-factor login (django-otp, TOTP with static recovery codes). Enforcement is on by default
# for production installations and off for the demo and tests; the web layer reads this flag.
KRING_REQUIRE_2FA = env_bool("KRING_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Kring"

# Whether to trust the X-Forwarded-For header for the access log's address (behind a proxy).
KRING_TRUST_X_FORWARDED_FOR = env_bool("KRING_TRUST_X_FORWARDED_FOR", False)
# Login throttling counts the same address the access log records.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if KRING_TRUST_X_FORWARDED_FOR else ["REMOTE_ADDR"]
)

# Strict Content Security Policy (django-csp 4): only our own scripts, styles and images;
# no inline script, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS-only cookies and HSTS: on for production installations (KRING_HTTPS to override); the
# demo serves plain http on 127.0.0.1 and keeps them off.
KRING_HTTPS = env_bool("KRING_HTTPS", PRODUCTION and not DEBUG)
if KRING_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("KRING_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Outgoing mail (invitations and change notices from the planner's outbox). The console backend
# prints messages instead of sending them: right for the demo; set SMTP for real use.
EMAIL_BACKEND = env_str("KRING_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KRING_DEFAULT_FROM_EMAIL", "Kring <kring@localhost>")
EMAIL_HOST = env_str("KRING_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KRING_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KRING_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("KRING_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KRING_EMAIL_USE_TLS", False)

# The planner in the background: seconds per run and CP-SAT worker threads.
KRING_PLANNER_TIME_LIMIT_S = env_int("KRING_PLANNER_TIME_LIMIT_S", 30)
KRING_PLANNER_WORKERS = env_int("KRING_PLANNER_WORKERS", 1)  # 1: the same plan whatever the load

# The REST API (kring.api, docs/api.md): token or session authentication per view, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "kring.api.errors.handle",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kring API",
    "DESCRIPTION": "CenteringZorg planning and records for one organisation (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "YesNoEnum": "kring.records.models.outcomes.YesNo",
        "GroupStatusEnum": "kring.care.models.Group.Status",
        "SessionStatusEnum": "kring.care.models.Session.Status",
        "EnrolmentStatusEnum": "kring.care.models.Enrolment.Status",
        "AttendanceStatusEnum": "kring.records.models.Attendance.Status",
        "PlanningRunStatusEnum": "kring.planner.models.PlanningRun.Status",
    },
}

# Reminders before each session: how often the workers' job looks for due ones (seconds).
KRING_REMINDER_INTERVAL_S = env_int("KRING_REMINDER_INTERVAL_S", 300)
