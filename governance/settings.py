"""Settings for the AI Governance Tracker, read from environment variables.

Local defaults are safe and need no services: an SQLite file in the project folder and
Celery tasks run in-process. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and DEBUG=0.
"""

import contextlib
import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a development settings file; blank lines and # comments are skipped.

    `make setup` writes BASE_DIR/.env (DEBUG=1 and a generated SECRET_KEY) so that manage.py and
    the workers run on a developer's machine with nothing exported. Production has no such file:
    its settings come from the environment alone (the image copies no .env; see README).
    """
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return values
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value, got {line[:40]!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


# ENV_FILE names another file, or none when empty (the tests read no developer's .env).
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
ENV_FILE = Path(_env_file) if _env_file else None
# The environment wins over the file: a variable exported for one command overrides it.
FILE_ENV = read_env_file(ENV_FILE) if ENV_FILE else {}


def env_raw(name: str) -> str | None:
    value = os.environ.get(name)
    return FILE_ENV.get(name) if value is None else value


def env_str(name: str, default: str = "") -> str:
    value = env_raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    raw = env_raw(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_raw(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def dev_secret_key() -> str:
    """A development key, generated once and kept in a git-ignored file so sessions survive restarts."""
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        # A read-only checkout keeps a per-process key, which still works for development.
        with contextlib.suppress(OSError):
            path.write_text(key)
        return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local development run `make setup`, "
            "which writes DEBUG=1 and a generated key into .env (or export DEBUG=1)."
        )
    SECRET_KEY = dev_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "initiatives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "governance.health.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 304 for a reader who has the page; above the page cache, whose pages carry ETag and Last-Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    "initiatives.page_cache.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "governance.urls"
WSGI_APPLICATION = "governance.wsgi.application"
ASGI_APPLICATION = "governance.asgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets the dev server read while a management command writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Read replicas (issue 13; all of it in this block) ------------------------------------------
# DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs of streaming replicas of DATABASE_URL.
# governance.db_router sends the reads of anonymous GET/HEAD requests outside the admin to one of
# them; writes, signed-in curators, the admin and everything outside a request (commands, Celery)
# use the primary, and so do public reads for REPLICA_LAG_SECONDS after a write to the records.
REPLICA_DATABASES = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    if not _url.startswith(("postgres://", "postgresql://")) or not DATABASE_URL.startswith(
        ("postgres://", "postgresql://")
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS lists PostgreSQL replicas (postgres://...) of a PostgreSQL DATABASE_URL; "
            f"got replica {_url.split('://')[0]}://... for a DATABASE_URL of {DATABASE_URL.split('://')[0]}://..."
        )
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}  # a test run reads the test database, not a replica
    REPLICA_DATABASES.append(_alias)
REPLICA_LAG_SECONDS = env_int("REPLICA_LAG_SECONDS", 10)
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["governance.db_router.ReplicaRouter"]
    # Which reads of a request may use a replica; it reads request.user, so it comes after auth.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "governance.db_router.ReplicaReadsMiddleware",
    )
# --- end of read replicas -------------------------------------------------------------------------

# --- Redis: Celery broker, result backend and cache --------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "aigt"),
        }
    }
else:
    # Embedded default: no broker; tasks run in-process, as a call would.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {
        "task": "initiatives.tasks.poll_due_feeds",
        "schedule": env_int("FEED_POLL_TICK_SECONDS", 60),
    },
    # Follow and alerts (initiatives/follow/): "instant" followers get each tick's new changes,
    # "daily" ones a digest once a day at FOLLOW_DAILY_HOUR UTC.
    "follow-instant-digests": {
        "task": "initiatives.follow.tasks.send_due_digests",
        "schedule": env_int("FOLLOW_INSTANT_SECONDS", 300),
        "args": ("instant",),
    },
    "follow-daily-digests": {
        "task": "initiatives.follow.tasks.send_due_digests",
        "schedule": crontab(minute=0, hour=env_int("FOLLOW_DAILY_HOUR", 6)),
        "args": ("daily",),
    },
}

# --- News ingestion --------------------------------------------------------------------------
INGEST_ALLOW_PRIVATE_NETWORKS = env_bool("INGEST_ALLOW_PRIVATE_NETWORKS", False)
INGEST_TIMEOUT_SECONDS = float(env_str("INGEST_TIMEOUT_SECONDS", "15"))
# One limit for a whole fetch: connecting, redirects, headers and body (a slow server trickling bytes
# resets no clock).
INGEST_DEADLINE_SECONDS = float(env_str("INGEST_DEADLINE_SECONDS", str(2 * INGEST_TIMEOUT_SECONDS)))
# Certificate authorities trusted for https fetches: a PEM file, or empty for certifi's bundle.
INGEST_CA_BUNDLE = env_str("INGEST_CA_BUNDLE")
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 5 * 1024 * 1024)
INGEST_MAX_REDIRECTS = env_int("INGEST_MAX_REDIRECTS", 5)
INGEST_USER_AGENT = env_str(
    "INGEST_USER_AGENT", "AIGovernanceTracker/0.1 (+https://github.com/ai-governance-tracker; news ingestion)"
)
FEED_MAX_FAILURES = env_int("FEED_MAX_FAILURES", 8)

# --- E-mail and follow alerts -------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise the console (the embedded default prints mail it sends).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))  # the file backend's folder
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AI Governance Tracker <alerts@localhost>")
# The site's own address, for links in e-mails (never taken from a request's Host header).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}")
FOLLOW_CONFIRM_MAX_AGE = env_int("FOLLOW_CONFIRM_MAX_AGE", 3 * 24 * 3600)  # the opt-in link's life
FOLLOW_CLAIM_TIMEOUT = env_int(
    "FOLLOW_CLAIM_TIMEOUT", 4 * CELERY_TASK_TIME_LIMIT
)  # then a dead claim is sent again
# Abuse of the subscribe form: at most FOLLOW_RATE_LIMIT subscriptions per address of the client
# per hour (429 after), and one confirmation e-mail per address of the follower per
# FOLLOW_CONFIRM_EVERY_SECONDS (a stranger cannot fill someone's inbox).
FOLLOW_RATE_LIMIT = env_int("FOLLOW_RATE_LIMIT", 10)
FOLLOW_CONFIRM_EVERY_SECONDS = env_int("FOLLOW_CONFIRM_EVERY_SECONDS", 600)

# --- Auth, i18n, static ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login limits (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked out for LOGIN_COOLOFF_MINUTES (the admin answers 429; so does the API's
# Basic authentication). Counting the pair, not the address alone, keeps colleagues behind one office
# address from locking each other out. Behind a proxy the address is the proxy's (REMOTE_ADDR), so the
# limit is then per username. Curators unlock early with `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Django 6 reads a scheme-less URL typed into a form as https; opt in now (and silence the warning).
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js is static/vendor/plotly-dashboard.min.js: a partial bundle built by scripts/build_plotly.sh.
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security (production) -----------------------------------------------------------------
# Production answers plain HTTP with a redirect to HTTPS (behind a TLS proxy, set BEHIND_TLS_PROXY so
# that Django knows which requests arrived over HTTPS). The health check stays reachable over HTTP for
# container and load-balancer probes.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Every asset is our own: scripts only from this origin (data reaches pages through json_script,
# never inline code). Plotly and the admin set inline style attributes, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- API -------------------------------------------------------------------------------------
API_REQUIRE_LOGIN = env_bool("API_REQUIRE_LOGIN", False)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated"
        if API_REQUIRE_LOGIN
        else "rest_framework.permissions.AllowAny"
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/min"),
        "user": env_str("API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Governance Tracker API",
    "DESCRIPTION": "Read-only access to actors, frameworks, summits, stances and their sources.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes: lockouts are warnings; its start-up banner and per-attempt notes are not worth a line each.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
