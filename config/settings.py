"""Settings, read from the environment (12-factor). Missing or malformed values fail loudly."""

import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off "
            "(export SECRET_KEY=... or set DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

# The key of the audit chains (workflow.chain): held outside the database, so someone who can
# edit rows cannot recompute the chain's HMACs. Keep it apart from SECRET_KEY (rotating that
# must not invalidate the record) and never change it once records exist.
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="")
if not AUDIT_CHAIN_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY must be set when DEBUG is off (export AUDIT_CHAIN_KEY=<at least 32 "
            "random characters, kept outside the database>, or set DEBUG=1 for development)."
        )
    AUDIT_CHAIN_KEY = "insecure-development-audit-chain-key"  # noqa: S105
elif len(AUDIT_CHAIN_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "agencies",
    "accounts",
    "clock",
    "cases",
    "workflow",
    "letters",
    "audit",
    "reports",
    "notifications",
    "portal",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
    "config.errors.ErrorReferenceMiddleware",
    "config.timeouts.StatementTimeoutMiddleware",  # below it: a timeout is a 503, not an error
    "accounts.middleware.SessionPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its response
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencies.context_processors.membership",
                "notifications.context_processors.bell",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections between requests (seconds; 0 closes each one at the end of its request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No query of a web or API request may run longer than this (milliseconds, PostgreSQL; 0 = no
# limit): a request that hits it gets a clean 503 (config.timeouts), never a hung worker.
# Commands and Celery tasks are not limited.
REQUEST_STATEMENT_TIMEOUT_MS = env.int("REQUEST_STATEMENT_TIMEOUT_MS", default=5000)
# Lists count at most this many rows and then say "1000+" (cases.search.CappedPaginator).
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=1000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the embedded default cope with a few concurrent users.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

# Uploads: applications, identity proofs, department answers.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# A request body other than its files (JSON, form fields): larger is refused (the API: 413).
# Files are limited by UPLOAD_MAX_BYTES each, not by this.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_BODY_MAX_BYTES", default=2 * 1024 * 1024)
# Files kept while the clerk decides about a possible repeat application (cases.intake).
INTAKE_STAGING_HOURS = env.int("INTAKE_STAGING_HOURS", default=24)

# Letters: paths to licensed TrueType fonts by role (body, title, heading, kai); empty = shipped.
LETTER_FONTS = env.dict("LETTER_FONTS", default={})

# Retention period printed on the case-file cover (案卷封面, 保管期限). Agencies set it by their
# archive classification scheme (文书档案保管期限表): "永久" or a number of years such as "30年".
CASE_FILE_RETENTION = env.str("CASE_FILE_RETENTION", default="10年")
if not re.fullmatch(r"永久|[1-9][0-9]*年", CASE_FILE_RETENTION):
    raise ImproperlyConfigured(
        f"CASE_FILE_RETENTION must be 永久 or a number of years like 30年, "
        f"not {CASE_FILE_RETENTION!r}"
    )

# After-the-fact entries (补录, api.md): an act dated more than this many working days before it
# is entered needs a reason and is marked 补录 wherever it is shown.
LATE_ENTRY_WORKING_DAYS = env.int("LATE_ENTRY_WORKING_DAYS", default=3)
if LATE_ENTRY_WORKING_DAYS < 0:
    raise ImproperlyConfigured(
        f"LATE_ENTRY_WORKING_DAYS must be 0 or more, not {LATE_ENTRY_WORKING_DAYS}"
    )

CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
}

# Background work (config/celery.py). Unset: tasks run eagerly right after the commit that
# caused them, in the same process; set: Celery workers run them.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never used: eager tasks do not touch a broker
# An eager task's failure is logged and left for `manage.py complete_documents`, never raised
# into the request whose transaction has already committed (tests raise it: test_settings).
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it queued
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# E-mail (notifications): EMAIL_URL such as smtp+tls://user:password@smtp.example.gov.cn:587;
# unset, mails are printed to the console with DEBUG on and go to a local SMTP server without.
vars().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# The address the site is reached at, for links in e-mails (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",  # with a nesting limit
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )

SPECTACULAR_SETTINGS = {
    "TITLE": "依申请公开办理系统 API",
    "DESCRIPTION": "Case management for government information-disclosure requests.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The schema maps every endpoint: for signed-in users only (token or session).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_errors",  # 400/401/403/404/409/413/429 as the API answers them
    ],
}

# -- Sign-in, sessions and API tokens (accounts/) ----------------------------------------------
# Argon2 first (argon2-cffi); stored PBKDF2 hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes: after LOGIN_FAILURE_LIMIT failures for one username, or from one address, further
# attempts (web login and API token alike) are refused for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not reset by a success: axes would then clear every failure from that address, so one valid
# account could reset the count against another account after each few guesses.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # accounts.AccountEvent is the sign-in log
AXES_VERBOSE = False
# A session ends after this many minutes without a request (SESSION_COOKIE_AGE caps it anyway).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# API tokens (django-rest-knox: stored as SHA-512 digests) expire after API_TOKEN_HOURS.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_HOURS", default=8)),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
# Roles that must enrol in two-factor sign-in (TOTP); "superuser" means platform admins.
TWO_FACTOR_ROLE_NAMES = (
    "clerk", "handler", "approver", "liaison", "auditor", "agency_admin", "superuser",
)
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=[] if DEBUG else ["approver", "agency_admin", "superuser"]
)
if unknown_roles := set(TWO_FACTOR_REQUIRED_ROLES) - set(TWO_FACTOR_ROLE_NAMES):
    raise ImproperlyConfigured(
        f"TWO_FACTOR_REQUIRED_ROLES: unknown role(s) {sorted(unknown_roles)}; "
        f"known: {', '.join(TWO_FACTOR_ROLE_NAMES)}"
    )
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="依申请公开办理系统")

# Production-safe defaults when DEBUG is off; TLS-dependent ones can be relaxed by env.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    # HSTS is sent over HTTPS only; a deployment that redirects to HTTPS gets a year of it.
    SECURE_HSTS_SECONDS = env.int(
        "SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if SECURE_SSL_REDIRECT else 0
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# X-Forwarded-Proto is trusted only behind a proxy that sets it (and strips a client's own):
# otherwise any client could claim HTTPS and get secure-only behaviour over plain HTTP.
if env.bool("TRUSTED_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): our own files only; no inline script or style, no
# plugins, no framing. The QR code of two-factor enrolment is inline SVG markup, not an image.
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
# Powerful browser features none of our pages uses (config.middleware).
PERMISSIONS_POLICY = env.str(
    "PERMISSIONS_POLICY",
    default=(
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
        "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
        "interest-cohort=()"
    ),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "config.errors.ClientErrorFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # 403 and 404 at WARNING in one line; only 5xx keep their traceback (config.errors).
        "django.request": {"filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
