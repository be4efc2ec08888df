"""Settings shared by every environment. The environment is read only in ``config.env``."""

from __future__ import annotations

import datetime as dt

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config import env

# Django's generic classes subscriptable at run time (ModelAdmin[Person], ModelForm[Employer]),
# as the type checker reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = env.BASE_DIR
DATA_DIR = env.DATA_DIR
DATA_DIR.mkdir(parents=True, exist_ok=True)
NODE_REGION = env.NODE_REGION

DEBUG = env.DEBUG
# A development key is derived only when none is given; production refuses to start without one.
SECRET_KEY = env.SECRET_KEY or "bashu-development-only-not-secret"
ALLOWED_HOSTS = env.ALLOWED_HOSTS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "csp",
    # Django forms rendered as Bootstrap 5 markup (docs/adr/0012-design-system.md)
    "crispy_forms",
    "crispy_bootstrap5",
    # background work (docs/adr/0010-task-queue.md): tasks and their database queue
    "django_tasks",
    "django_tasks_db",
    "bashu.core",
    "bashu.people",
    "bashu.accounts",
    "bashu.recognition",
    "bashu.transfers",
    "bashu.jobs",
    "bashu.analytics",
    "bashu.datagen",
    "bashu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything that reads the session or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # no-store on everything personal; outside the session and CSRF middleware, so that it
    # sees the cookies they set (bashu.core.middleware).
    "bashu.core.middleware.PrivateResponseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 413 for oversize bodies, 400/422 for NUL bytes, before anything reads the form (bashu.core.bounds).
    "bashu.core.bounds.RequestBoundsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 429 past BASHU_RATE_LIMITS on the public doors, before the view parses anything.
    "bashu.core.throttling.RateLimitMiddleware",
    # Idle and absolute session lifetime (bashu.core.middleware).
    "bashu.core.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env.database_url(), conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One pool per server process, no larger than its threads: connections are bounded by
    # workers x threads and returned after every request (docs/adr/0008-serving.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.THREADS,
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # a file: no server-side connection limit
    # WAL lets the portal read while the generator writes; IMMEDIATE avoids
    # "database is locked" upgrades inside transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "accounts:start"  # each role to its start page (bashu.accounts.views)
LOGOUT_REDIRECT_URL = "web:home"

# --- Abuse: sign-in lockout and rate limits (docs/abuse.md) -----------------------------
# django-axes first: a locked-out account+address is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with sign-in by username, mobile phone or resident ID
    "bashu.accounts.backends.IdentifierBackend",
]
# 5 failed sign-ins for one account from one address, each within 15 minutes of the last,
# lock that account at that address for 15 minutes (other addresses can still sign in, so
# nobody can lock a person out from afar). The portal and the admin share the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the wait told is the wait
AXES_LOCKOUT_CALLABLE = "bashu.web.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "bashu.core.throttling.axes_client_address"
# Failures count per account whichever sign-in name was typed (username, phone, resident ID).
AXES_USERNAME_CALLABLE = "bashu.accounts.backends.axes_username"

# Proxies in front of the server that append to X-Forwarded-For (0: trust REMOTE_ADDR only).
BASHU_TRUSTED_PROXIES = env.TRUSTED_PROXIES
BASHU_PUBLIC_URL = env.PUBLIC_URL
# Requests per client (account, else address) and scope; every rate of a scope must hold.
# The views of each scope are listed in bashu.core.throttling.LIMITED_VIEWS.
BASHU_RATE_LIMIT_ENABLED = True
BASHU_RATE_LIMIT_CACHE = "default"
BASHU_RATE_LIMITS: dict[str, list[str]] = {
    "validate": ["60/m"],
    "precheck": ["30/m"],
    "precheck_document": ["10/m"],
    "certificate": ["10/m", "200/d"],
    "card_services": ["10/m", "200/d"],
    "verify": ["30/m"],
    "exchange_inbox": ["120/m"],
    "status_list": ["60/m"],
    "login": ["10/m"],
    # self-service accounts (bashu.accounts): sign-up, reset-code requests, code checks
    "signup": ["5/m", "50/d"],
    "reset_code": ["3/m", "20/d"],
    "reset_check": ["10/m", "100/d"],
}
# How one-time codes reach a phone: the console (logged, phone masked) unless an SMS
# gateway's backend is named here (bashu.accounts.messaging).
BASHU_MESSAGE_BACKEND = env.MESSAGE_BACKEND or "bashu.accounts.messaging.ConsoleBackend"
# Shared by every process and thread, nothing to start: a table in the database, created by
# ``bashu migrate`` (post_migrate runs createcachetable). A Redis URL may replace it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "bashu_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
    # Rankings of the matcher for a few minutes (bashu.jobs.matching.engine), shared by the
    # server's processes: one ranking per person and five minutes, whichever worker answers.
    "matches": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "bashu_matches",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "bashu" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end libraries come from the npm registry (package.json + lock), never copied by hand.
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
# What collectstatic takes from the npm folders above, and what it leaves of the apps'
# files (ninja's unused ReDoc); see bashu.web.finders.
STATIC_VENDOR_FILES = {
    "vendor/htmx/htmx.min.js",
    "vendor/echarts/echarts.min.js",
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/tom-select/css/tom-select.bootstrap5.min.css",
    "vendor/tom-select/js/tom-select.complete.min.js",
    # the source maps those four name (the manifest storage refuses a missing reference)
    "vendor/bootstrap/css/bootstrap.min.css.map",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map",
    "vendor/tom-select/css/tom-select.bootstrap5.min.css.map",
    "vendor/tom-select/js/tom-select.complete.min.js.map",
}
STATIC_SKIP = ("ninja/redoc*",)
# Forms: django-crispy-forms with the Bootstrap 5 pack (docs/adr/0012-design-system.md).
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
STATICFILES_FINDERS = ["bashu.web.finders.VendorFinder", "bashu.web.finders.AppFinder"]
# Source maps are fetched only by developer tools: not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
    "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4",
    "mpeg", "mpg", "webm", "wmv", "map",
)  # fmt: skip
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # ``collectstatic`` writes hashed, compressed copies into STATIC_ROOT; whitenoise serves
    # them from the application server with far-future caching (unused while DEBUG is on).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Serving: headers and sessions (docs/adr/0008-serving.md) ---------------------------
# HTTPS-only settings follow one explicit switch, BASHU_TLS (config/env.py). Off here and in
# the local profile (plain http on the loopback); config.settings.production forces it on.
TLS = env.TLS is True
SECURE_SSL_REDIRECT = TLS
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = TLS

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing on the portal uses a device or browser feature behind a permission.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
# Every script and style sheet is a static file: no inline <script>, <style> or on*= handler
# (ECharts and Swagger UI set element styles from script, which CSP allows).
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
        **({"upgrade-insecure-requests": True} if TLS else {}),
    }
}

# A public service's session: 30 minutes idle, 8 hours at most, gone with the browser.
SESSION_COOKIE_AGE = 30 * 60
SESSION_MAX_LIFETIME = 8 * 3600  # bashu.core.middleware.SessionLifetimeMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

NINJA_PAGINATION_PER_PAGE = 50

# --- Background work (docs/adr/0010-task-queue.md) ---------------------------------------
# Tasks wait in the database (the same one: a task enqueued inside a transaction exists
# exactly when that transaction commits) and ``bashu worker`` runs them (make run starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic work, enqueued by the scheduler inside ``bashu worker``: a management command and
# its interval in seconds, or "HH:MM" for once a day from that local time. A run is skipped
# while the previous one waits or runs.
BASHU_SCHEDULE: dict[str, int | str] = {
    "chain_checkpoint": 10 * 60,
    "close_expired_postings": 60 * 60,
    # The home page's figures: counts over the largest tables (a few seconds of the
    # database's CPU at 1M persons, ten times that at 10M), fresh enough at a quarter hour.
    "headlines_refresh": 15 * 60,
    # Saved job searches and recommendations: new postings, each sent once (ADR 0015).
    "job_alerts_run": 15 * 60,
    # Every seeker's recommendations ranked overnight, bounded by its --max-minutes default
    # (ADR 0016); the dashboards read them from the morning on.
    "match_all": "02:00",
    "tasks_prune": 24 * 3600,
}
# --- Notifications (docs/adr/0015-notifications.md) ------------------------------------------
# Outbound channels a person may choose, each a backend class (bashu.core.notifications
# .channels). E-mail goes through Django's EMAIL_BACKEND (SMTP settings in production, the
# console locally); SMS through BASHU_MESSAGE_BACKEND, the gateway one-time codes use (its
# console backend logs, the number masked). LoggingSmsChannel only logs.
BASHU_NOTIFY_CHANNELS: dict[str, str] = {
    "email": "bashu.core.notifications.channels.EmailChannel",
    "sms": "bashu.core.notifications.channels.GatewaySmsChannel",
}
# Links in outbound messages are made absolute with this (empty: the path alone).
BASHU_SITE_URL = env.SITE_URL
EMAIL_BACKEND = env.EMAIL_BACKEND
DEFAULT_FROM_EMAIL = env.EMAIL_FROM
# A register upload up to this size is imported inside the request (an answer at once);
# a larger one is stored in BASHU_DATA_DIR/uploads and imported by the worker (202).
BASHU_IMPORT_INLINE_MAX_BYTES = 64 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Personal data is never written to logs in clear (see bashu.core.logging). Every
        # handler carries the filter, and Django's own loggers (request warnings, the
        # development server's access log, which prints URL paths) are routed through them.
        "mask_personal_data": {"()": "bashu.core.logging.MaskPersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["mask_personal_data"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        # Failed sign-ins and lockouts (names and addresses starred by axes), not its banner.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
}
