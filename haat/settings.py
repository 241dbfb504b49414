"""Settings for Online Haat: one module, driven by environment variables.

Nothing here needs an external service: with no environment at all the site runs on a
SQLite file, a local-memory cache and a Celery broker kept in files under ``var/``.
Point ``DATABASE_URL`` at PostgreSQL and ``REDIS_URL`` at Redis for production.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HAAT_VAR_DIR") or BASE_DIR / "var")


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable ``name``; raise if it is unset and has no default."""
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return ``name`` read as a boolean; anything but a known word is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    """Return ``name`` read as an integer."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: str) -> list[str]:
    """Return ``name`` split on commas, blanks dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# Without DEBUG a real key must be given; the development key is refused.
_DEV_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", _DEV_KEY if DEBUG else None)
if not DEBUG and (SECRET_KEY == _DEV_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # The same bar as `check --deploy` (security.W009), enforced at start, not only there.
    raise ImproperlyConfigured("Set a real SECRET_KEY (50+ random characters) when DEBUG is off.")
# Old keys still accepted for signatures while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://localhost,http://127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "haat.core",
    "accounts",
    "haat",
    "vendors",
    "orders",
    "haat.moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself when no nginx is in front (docker-compose).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "haat.core.middleware.RequestSizeLimitMiddleware",
    "haat.core.middleware.NulPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "haat.urls"
WSGI_APPLICATION = "haat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haat.context_processors.haat_state",
                # Leaves the CSRF token as a hole in pages kept by haat.core.pagecache.
                "haat.core.pagecache.holes",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode runs web, worker and beat on one SQLite file: WAL lets readers
    # go on while one writes, IMMEDIATE takes the write lock up front (no upgrade
    # deadlock), and the timeout waits for the lock rather than failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the Celery integration tests run a worker in another process.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # A database that refuses or drops connections fails a request (503) in seconds
    # instead of holding a web thread for the kernel's TCP timeout; /health/ relies on it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, but a read misses and a write is skipped while Redis is
            # unreachable (haat/cache.py): pages keep working at the database's pace.
            "BACKEND": "haat.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "haat"),
            # Seconds: a stopped Redis costs a page this much at most, not a TCP timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task whose worker died unacknowledged (acks_late) is delivered again after
        # this many seconds. The longest ETA here is a notification retry (backoff capped
        # at 600 s); keep the window above it (the faults suite shortens it further).
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900),
        "socket_connect_timeout": 2,
    }
    # Publishing to a stopped broker gives up after about a second; haat.core.outbox keeps the
    # task and sends it again once the broker is back.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.3,
        "interval_max": 0.5,
    }
else:
    # Local memory is per process: the web process, the worker and beat each count and
    # cache on their own. Good for development only; the log-in limit is a real control
    # only with a cache shared by every process (REDIS_URL).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A broker kept in plain files: no server to install, and the web process, the
    # worker and beat (separate processes) all see the same queue.
    _broker_dir = VAR_DIR / "celery-broker"
    for _folder in ("processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Dhaka"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Installed into the database by the scheduler at start; admins edit them in the admin.
CELERY_BEAT_SCHEDULE = {
    "haat-sessions-sweep": {
        # crontab fires at second 0 of every minute: a 09:00 opening happens at 09:00:00.
        "task": "haat.tasks.sessions_sweep",
        "schedule": crontab(minute="*"),
        "options": {"expires": 55},
    },
    "haat-outbox-flush": {
        "task": "haat.tasks.outbox_flush",
        "schedule": crontab(minute="*"),
        "options": {"expires": 55},
    },
    "haat-sessions-plan": {
        "task": "haat.tasks.sessions_plan",
        "schedule": crontab(minute=5, hour="0,12"),
    },
}

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "bn"
LANGUAGES = [("bn", _("Bengali")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Dhaka"
USE_TZ = True
# The haat calendar is Dhaka's whatever TIME_ZONE the server process runs in.
HAAT_TIME_ZONE = "Asia/Dhaka"

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
if DEBUG:
    # Development serves static files from their app folders and runs no collectstatic;
    # an empty STATIC_ROOT keeps WhiteNoise from warning about it at every start.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A whole request body: eight photos of 10 MB (vendors.images) and the form. Larger is
# refused with 413 before it is read (haat.core.middleware); nginx's client_max_body_size is
# the same 82m, so the two agree whichever is in front.
HAAT_REQUEST_MAX_BYTES = 82 * 1024 * 1024
if not DEBUG:
    # Hashed, compressed static files served by WhiteNoise (run collectstatic on deploy).
    # Only without DEBUG: tests and development need no collectstatic.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# --- Notifications --------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Online Haat <no-reply@localhost>")
# The site's address as members reach it: links in SMS and email are absolute.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")
# Wrong passwords one client address may send in 15 minutes (ten times that in a day)
# before it is refused: high, since a carrier's NAT puts thousands of members behind one
# address (accounts.ratelimit). Each account has its own, much lower limits.
LOGIN_ADDRESS_FAILURES = env_int("LOGIN_ADDRESS_FAILURES", 1000)
SMS_BACKEND = env_str("SMS_BACKEND", "accounts.notifications.ConsoleSMSBackend")
# Followers told at a haat's opening are split into tasks of this many members each.
HAAT_NOTIFY_CHUNK = env_int("HAAT_NOTIFY_CHUNK", 500)

# --- Page cache -----------------------------------------------------------------------
# Whole public pages for anonymous visitors kept in the cache until what they show
# changes (haat/core/pagecache.py). Off only to measure or debug the uncached path.
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# --- API ------------------------------------------------------------------------------
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON only: an error is never an HTML page, whatever the client's Accept header.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies; the views that take uploads add multipart themselves.
    "DEFAULT_PARSER_CLASSES": ["haat.core.api.parsers.DepthLimitedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "haat.core.api.pagination.NewestFirstPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_THROTTLE_CLASSES": [
        "haat.core.api.throttling.AnonRateThrottle",
        "haat.core.api.throttling.UserRateThrottle",
    ],
    # Anonymous clients are counted by address, and many phones share one carrier NAT
    # address: the anonymous rate is generous; log-in and sign-up have their own scope.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "300/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
        "auth": env_str("API_THROTTLE_AUTH", "10/min"),
    },
    # Count clients by address. With no proxy (0) that is REMOTE_ADDR and a client-sent
    # X-Forwarded-For is ignored; behind nginx (1), REMOTE_ADDR is nginx for everyone, so
    # the address nginx appends to X-Forwarded-For is used. accounts.ratelimit does the same.
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "haat.core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "haat.core.api.schema.HaatAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Online Haat API",
    "DESCRIPTION": (
        "The mobile apps' API. Authenticate with `Authorization: Token <token>` from "
        "`POST /api/v1/auth/token/`. Every error has the body "
        '`{"error": {"code", "message", "details"}}`, the message in the language of '
        "`Accept-Language` (bn by default, en)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Separate request and response components: read-only fields stay out of requests.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DistrictEnum": "vendors.districts.DISTRICT_CHOICES",
        "OrderStatusEnum": "orders.models.Order.Status",
        "PaymentMethodEnum": "vendors.payments.PaymentMethod",
        "HaatStatusEnum": "haat.models.HaatSession.Status",
        "VendorStatusEnum": "vendors.models.Vendor.Status",
    },
    # Swagger UI and Redoc from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and monitors probe over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object a line, for a log collector (haat/logging.py).
        "json": {"()": "haat.core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
