"""Django settings for ``parkesg.web``: no setup needed (SQLite in the user data dir), one URL
for PostgreSQL (``PARKESG_DATABASE_URL``).

Environment:
- ``PARKESG_DATA_DIR``     where the SQLite database and the generated secret key live
                            (default: the platform's user data dir, e.g. ~/.local/share/parkesg)
- ``PARKESG_DATABASE_URL`` e.g. ``postgres://user:pw@127.0.0.1:5432/parkesg``
- ``PARKESG_SECRET_KEY``   overrides the generated key
- ``PARKESG_ALLOWED_HOSTS`` comma-separated, default loopback names
- ``PARKESG_HTTPS=1``       behind an HTTPS reverse proxy (sets X-Forwarded-Proto): secure
                            cookies, HSTS, and the proxy's scheme trusted for CSRF checks
- ``PARKESG_PROXY_COUNT``   how many reverse proxies stand in front (default 0; 1 behind one
                            HTTPS proxy): the client's address for login throttling is then
                            read from ``X-Forwarded-For``, never trusted beyond that count
- ``PARKESG_DEBUG=1``       development only
- ``PARKESG_EMAIL_HOST``   SMTP server for reminders (``parkesg remind``), with
                            ``PARKESG_EMAIL_PORT`` (25), ``PARKESG_EMAIL_USER``,
                            ``PARKESG_EMAIL_PASSWORD``, ``PARKESG_EMAIL_TLS=1``,
                            ``PARKESG_EMAIL_FROM``; without it mail is written as files to
                            ``<data dir>/outbox`` (an intranet without mail loses nothing)
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from platformdirs import user_data_dir

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PARKESG_DATA_DIR") or user_data_dir("parkesg", appauthor=False))


def _secret_key() -> str:
    """A key generated once per data dir (mode 600), so sessions survive restarts."""
    if key := os.environ.get("PARKESG_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("PARKESG_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("PARKESG_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",  # failed logins by account + address and by address (django-axes)
    "django_otp",  # second factor: TOTP and recovery codes (django-otp)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "parkesg.web.core",
    "parkesg.web.orgs",
    "parkesg.web.audit",
    "parkesg.web.observations",
    "parkesg.web.collection",
    "parkesg.web.assessments",
    "parkesg.web.documents",
    "parkesg.web.reminders",
    "parkesg.web.esg",
    "parkesg.web.ratings",
    "parkesg.web.disclosures",
    "parkesg.web.engagements",
    "parkesg.web.city",
]
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parkesg.web.core.middleware.SessionRefreshMiddleware",  # sliding idle timeout
    "parkesg.web.core.middleware.RequestIdMiddleware",
    "parkesg.web.core.middleware.LanguageMiddleware",  # Chinese unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "parkesg.web.orgs.middleware.AccountMiddleware",  # second factor and password change due
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "parkesg.web.core.middleware.NoStoreMiddleware",  # Cache-Control: no-store on pages
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses while an account + address is locked
    "django.contrib.auth.backends.ModelBackend",
]
ROOT_URLCONF = "parkesg.web.urls"
WSGI_APPLICATION = "parkesg.web.wsgi.application"
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
                "parkesg.web.core.nav.context",  # nav_items: what this person can use
            ]
        },
    }
]


def _database() -> dict[str, Any]:
    if url := os.environ.get("PARKESG_DATABASE_URL"):
        return dict(dj_database_url.parse(url, conn_max_age=60))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Several server threads write: WAL lets readers go on, IMMEDIATE takes the write lock at
    # the start of a transaction (no "database is locked" half-way), and a writer waits 20 s.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "parkesg.sqlite3",
        "CONN_MAX_AGE": 600,  # one connection per server thread, not one (and its PRAGMAs) per request
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Django's validators, 10 characters at least.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Throttled logins (django-axes): 5 failures for one account from one address lock that
# account *from that address* for 15 minutes (the person at another desk still logs in, so
# nobody can lock out a known user at will); 20 failures from one address, whatever the
# accounts, lock the address (``orgs.throttle``). An admin of the organisation unlocks.
LOCKOUT_FAILURES = 5
LOCKOUT_ADDRESS_FAILURES = 20
LOCKOUT_MINUTES = 15
AXES_FAILURE_LIMIT = LOCKOUT_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "parkesg.web.orgs.throttle.Handler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "parkesg.web.orgs.views.locked_out"  # the one login failure message
AXES_CLIENT_IP_CALLABLE = "parkesg.web.orgs.throttle.client_address"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log
AXES_VERBOSE = False
PROXY_COUNT = int(os.environ.get("PARKESG_PROXY_COUNT", "0") or 0)
# Second factor (django-otp): admins, platform staff, and anyone who enrolled.
OTP_TOTP_ISSUER = "parkesg"
OTP_TOTP_THROTTLE_FACTOR = 1  # wrong codes double the wait per device (1 s, 2 s, 4 s …)
RECOVERY_CODES = 10
# Session timeout: 30 minutes without a request logs the user out.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # SessionRefreshMiddleware: at most once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
if os.environ.get("PARKESG_HTTPS") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h and not h.startswith("[")]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from the platform
# itself (vendored htmx and ECharts); no inline script or style, no framing, forms post home.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # the enrolment QR code is an SVG data URL
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# API lists (django-ninja LimitOffsetPagination): ?limit=&offset=, {"items": […], "count": n}
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000
CSRF_FAILURE_VIEW = "parkesg.web.core.errors.csrf_failure"

# Chinese first, English switchable (/i18n/setlang/). Message ids are Chinese; the English
# catalogue lives in locale/en (compiled .mo committed).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"  # shown to people; stored and audited in UTC

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves the package's static files straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "parkesg.web.core.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # every failed login is in the audit log; django-axes would add a warning line for each
    "loggers": {"axes": {"level": "ERROR"}},
}

# Reminders (``parkesg remind``): SMTP when configured, else one file per message in the outbox.
DEFAULT_FROM_EMAIL = os.environ.get("PARKESG_EMAIL_FROM", "parkesg@localhost")
if os.environ.get("PARKESG_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["PARKESG_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("PARKESG_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("PARKESG_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("PARKESG_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("PARKESG_EMAIL_TLS") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
