"""Django settings for xiezuo, read from environment variables.

`DATABASE_URL` selects the database (PostgreSQL in production and CI); when unset a
SQLite file under `var/` is used. `XIEZUO_PRODUCTION=1` switches on production mode
(DEBUG off, secrets required from the environment).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/xiezuo
PROJECT_DIR = Path(os.environ.get("XIEZUO_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("XIEZUO_VAR", PROJECT_DIR / "var"))

PRODUCTION = os.environ.get("XIEZUO_PRODUCTION", "") == "1"
DEBUG = os.environ.get("XIEZUO_DEBUG", "0" if PRODUCTION else "1") == "1"
SECRET_KEY = os.environ.get("XIEZUO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("XIEZUO_SECRET_KEY must be set in production mode")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = [
    h for h in os.environ.get("XIEZUO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
if not PRODUCTION:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # xiezuo.core first: its `import` command takes precedence over django-import-export's.
    "xiezuo.core",
    "import_export",
    "simple_history",
    "axes",
    "xiezuo.reference",
    "xiezuo.regions",
    "xiezuo.orgs",
    "xiezuo.people",
    "xiezuo.accounts",
    "xiezuo.exchange",
    "xiezuo.needs",
    "xiezuo.offers",
    "xiezuo.reports",
    "xiezuo.activities",
    "xiezuo.cooperation",
    "xiezuo.insights",
    "xiezuo.notifications",
    "xiezuo.attachments",
    "xiezuo.documents",
    # Demo data and `xiezuo demo` (wiring above every app; no models).
    "xiezuo.demo",
    # Last: the built-in form templates, under the project's own (FORM_RENDERER below).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL characters in paths, queries, cookies, forms, JSON: refused before any query.
    "xiezuo.core.middleware.HostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "xiezuo.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiezuo.config.urls"
WSGI_APPLICATION = "xiezuo.config.wsgi.application"

# Form widgets render with the project's templates, so core overrides a few of Django's
# (an empty choice reads “请选择”, not "---------": core/templates/django/forms/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "xiezuo.notifications.context_processors.notifications",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "xiezuo.sqlite3",
        # A file, not memory, so tests can hand the database to a second process; one per
        # test process, so that two test runs on one checkout do not share it.
        "TEST": {"NAME": os.environ.get("XIEZUO_TEST_SQLITE",
                                        str(VAR_DIR / f"test-{os.getpid()}.sqlite3"))},
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"xzjson": "xiezuo.core.serializers_json"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "xiezuo.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): lock a user name from an address after 5 failures;
# the same user logging in from another address is not affected. The address is the
# client's, read from X-Forwarded-For when the connection comes from a trusted proxy
# (xiezuo.accounts.client_ip; loopback by default, as in docs/deployment.md).
AXES_FAILURE_LIMIT = int(os.environ.get("XIEZUO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "xiezuo.accounts.client_ip.client_ip"
XIEZUO_TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get("XIEZUO_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if address.strip()
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_URL = "login"
# A form refused by the CSRF check gets the Chinese 403 page (xiezuo.config.errors).
CSRF_FAILURE_VIEW = "xiezuo.config.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# The empty choice of every list filter reads “全部”, not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_ROWS = int(os.environ.get("XIEZUO_IMPORT_MAX_ROWS", "50000"))
# An uploaded workbook is unpacked in chunks and refused as soon as it passes this many MB
# unpacked or IMPORT_MAX_ROWS data rows, before anything is loaded (xiezuo.core.excel).
XIEZUO_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("XIEZUO_IMPORT_MAX_UNPACKED_MB", "200"))
# Imports with more data rows, and exports of more records, run as background jobs
# (`xiezuo db_worker`, started by `xiezuo serve`); see docs/jobs.md.
XIEZUO_BACKGROUND_ROWS = int(os.environ.get("XIEZUO_BACKGROUND_ROWS", "2000"))
# A running job without progress for this long is shown as stalled (its worker died).
XIEZUO_JOB_STALL_MINUTES = int(os.environ.get("XIEZUO_JOB_STALL_MINUTES", "10"))
# A matching round whose run gave no sign of life for this long counts as stopped (it can
# be run or changed again); a run on this machine whose process is gone is seen at once.
XIEZUO_ROUND_STALL_MINUTES = int(os.environ.get("XIEZUO_ROUND_STALL_MINUTES", "60"))
# Matching rounds larger than this (people in the pool × needs) run in the background worker.
XIEZUO_ROUND_INLINE_LIMIT = int(os.environ.get("XIEZUO_ROUND_INLINE_LIMIT", "1000000"))
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Computed figures (dashboards, the exchange overview, the home page's counts; see
# xiezuo.core.cache): Redis in production (XIEZUO_CACHE_URL=redis://127.0.0.1:6379/0),
# this process's memory by default. Writes invalidate them at once (versioned keys kept in
# the database); the timeout only frees memory. 0 turns the cache off.
_CACHE_URL = os.environ.get("XIEZUO_CACHE_URL", "")
CACHES: dict[str, dict[str, Any]] = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL,
     "KEY_PREFIX": "xiezuo"}
    if _CACHE_URL else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xiezuo",
     "OPTIONS": {"MAX_ENTRIES": 2000}}
)}
XIEZUO_CACHE_SECONDS = int(os.environ.get("XIEZUO_CACHE_SECONDS", "3600"))
# Report uploads (docs/reports.md): size of one file, what a .docx may unpack to and how
# many entries it may hold, the length of a report's text; extraction runs in the worker,
# in a child process stopped after the time limit and refused memory beyond the limit.
XIEZUO_REPORT_MAX_MB = float(os.environ.get("XIEZUO_REPORT_MAX_MB", "10"))
XIEZUO_REPORT_MAX_UNPACKED_MB = float(os.environ.get("XIEZUO_REPORT_MAX_UNPACKED_MB", "50"))
XIEZUO_REPORT_MAX_ENTRIES = int(os.environ.get("XIEZUO_REPORT_MAX_ENTRIES", "5000"))
XIEZUO_REPORT_MAX_CHARS = int(os.environ.get("XIEZUO_REPORT_MAX_CHARS", "2000000"))
XIEZUO_REPORT_EXTRACT_SECONDS = float(os.environ.get("XIEZUO_REPORT_EXTRACT_SECONDS", "300"))
XIEZUO_REPORT_EXTRACT_MEMORY_MB = int(os.environ.get("XIEZUO_REPORT_EXTRACT_MEMORY_MB", "1024"))
# Goal evidence files (docs/exchange.md): size and the accepted kinds (by extension and content).
XIEZUO_EVIDENCE_MAX_MB = float(os.environ.get("XIEZUO_EVIDENCE_MAX_MB", "20"))
# Attachments (docs/attachments.md): size of one file and files per upload; stored under
# MEDIA_ROOT/attachments/, served only through the scoped download view.
XIEZUO_ATTACHMENT_MAX_MB = float(os.environ.get("XIEZUO_ATTACHMENT_MAX_MB", "20"))
XIEZUO_ATTACHMENT_MAX_FILES = int(os.environ.get("XIEZUO_ATTACHMENT_MAX_FILES", "20"))
# Notifications (docs/notifications.md): e-mail through SMTP when XIEZUO_EMAIL_HOST is set,
# else written to the worker's console; the site's address for links in e-mails and group
# robot messages; the delays (seconds) before each retry of a failed delivery.
EMAIL_HOST = os.environ.get("XIEZUO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("XIEZUO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("XIEZUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("XIEZUO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("XIEZUO_EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("XIEZUO_EMAIL_FROM", "xiezuo@localhost")
XIEZUO_SITE_URL = os.environ.get("XIEZUO_SITE_URL", "")
XIEZUO_NOTIFY_BACKOFF_SECONDS = [
    float(s) for s in os.environ.get("XIEZUO_NOTIFY_BACKOFF_SECONDS", "60,300,1800,7200").split(",") if s
]
# The hosts a group robot's address may name on the pages ("*": any; e.g. a private WeChat Work).
XIEZUO_WEBHOOK_HOSTS = [
    h.strip().lower() for h in os.environ.get(
        "XIEZUO_WEBHOOK_HOSTS", "qyapi.weixin.qq.com,oapi.dingtalk.com").split(",") if h.strip()
]

SESSION_COOKIE_HTTPONLY = True
# Sessions read from the cache (written through to the database): one query less per click.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    # XIEZUO_SECURE_COOKIES=0 only for local benchmarks over plain HTTP (bench/load.py).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("XIEZUO_SECURE_COOKIES", "1") == "1"
    SECURE_SSL_REDIRECT = os.environ.get("XIEZUO_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("XIEZUO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIEZUO_LOG_LEVEL", "WARNING")},
}
