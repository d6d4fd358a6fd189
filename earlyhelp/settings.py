"""Django settings, every one read from an environment variable (documented in the README)."""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("EARLYHELP_DEBUG", False)
# A deployment that serves real families sets EARLYHELP_PRODUCTION=1: secure cookies, HSTS,
# HTTPS only, and a secret key of its own.
PRODUCTION = env_bool("EARLYHELP_PRODUCTION", False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and stack traces with families' details in them.
    raise ImproperlyConfigured(
        "EARLYHELP_DEBUG is on with EARLYHELP_PRODUCTION: debug pages must never be on in "
        "production. Unset EARLYHELP_DEBUG."
    )
SECRET_KEY = env_secret("EARLYHELP_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "EARLYHELP_SECRET_KEY (or EARLYHELP_SECRET_KEY_FILE) must be set when "
            "EARLYHELP_PRODUCTION is on: use 50 or more random characters, kept secret."
        )
    # Development and tests only: anyone can read this key, so it protects nothing.
    SECRET_KEY = "insecure-development-key-set-EARLYHELP_SECRET_KEY-in-production"
# The key behind the analysts' extracts' pseudonyms (a person's key is an HMAC of their record
# number): set it apart from the secret key so rotating one does not re-key every extract.
EARLYHELP_PSEUDONYM_KEY = env_secret("EARLYHELP_PSEUDONYM_KEY")
PSEUDONYM_KEY_MIN_LENGTH = 32
if PRODUCTION and len(EARLYHELP_PSEUDONYM_KEY) < PSEUDONYM_KEY_MIN_LENGTH:
    # A key derived from the secret key would silently re-key every extract the day the secret
    # key is rotated, and a short one can be guessed, turning every pseudonym back into a record.
    raise ImproperlyConfigured(
        "EARLYHELP_PSEUDONYM_KEY (or EARLYHELP_PSEUDONYM_KEY_FILE) must be set when "
        f"EARLYHELP_PRODUCTION is on: use {PSEUDONYM_KEY_MIN_LENGTH} or more random characters, "
        "kept secret, apart from EARLYHELP_SECRET_KEY and never changed."
    )
if not EARLYHELP_PSEUDONYM_KEY:
    # Development, the demo and tests only.
    EARLYHELP_PSEUDONYM_KEY = hashlib.sha256(
        f"earlyhelp-pseudonym:{SECRET_KEY}".encode()
    ).hexdigest()
# Django's test client adds "testserver" itself while tests run.
ALLOWED_HOSTS = env_list("EARLYHELP_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("EARLYHELP_CSRF_TRUSTED_ORIGINS")

# Path of the council's configuration file; the shipped defaults are used when unset.
EARLYHELP_COUNCIL_FILE = os.environ.get("EARLYHELP_COUNCIL_FILE", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",  # the API docs page, served from bundled static files, not a CDN
    "earlyhelp.core",
    "earlyhelp.council",
    "earlyhelp.access",
    "earlyhelp.audit",
    "earlyhelp.people",
    "earlyhelp.referrals",
    "earlyhelp.casework",
    "earlyhelp.performance",
    "earlyhelp.outbox",
    "earlyhelp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "earlyhelp.access.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "earlyhelp.core.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "earlyhelp.urls"
WSGI_APPLICATION = "earlyhelp.wsgi.application"

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
                "earlyhelp.core.context_processors.council",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path.cwd() / 'earlyhelp.sqlite3'}"),
        conn_max_age=env_int("EARLYHELP_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache and reads through memory-mapping: the dashboard's aggregates
        # over a county's records otherwise spend much of their time in page reads.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA mmap_size=1073741824;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No just-in-time compilation: it spends tens of milliseconds compiling each of the
    # dashboard's aggregates, more than it saves on queries of this size
    # (docs/decisions/0005-dashboard-at-county-scale.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Lock an account after this many failed logins in a row; an administrator unlocks it.
AXES_FAILURE_LIMIT = env_int("EARLYHELP_LOGIN_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = None
AXES_LOCKOUT_TEMPLATE = "access/locked.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# Lock the account, not the address: staff share council networks and proxies.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# An idle session ends after this many minutes: each request pushes the expiry on.
SESSION_COOKIE_AGE = env_int("EARLYHELP_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Confirmation messages name families ("The Brown family allocated to ..."): keep them in the
# server-side session, never in a cookie the browser could show or keep.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True

SECURE = env_bool("EARLYHELP_SECURE", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("EARLYHELP_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
# Preloading and subdomains bind every host under the council's domain to HTTPS for good, in
# browsers' built-in lists: the council decides that for its whole domain, not this service.
HSTS_PRELOAD = SECURE and env_bool("EARLYHELP_HSTS_PRELOAD", False)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HSTS_PRELOAD
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
if not HSTS_PRELOAD:
    # `check --deploy` recommends both; leaving them off is the council's decision (above).
    SILENCED_SYSTEM_CHECKS += ["security.W005", "security.W021"]
# Trust X-Forwarded-Proto only behind a proxy that sets it on every request and strips any a
# client sent: otherwise anyone could claim their plain HTTP request was HTTPS.
BEHIND_PROXY = env_bool("EARLYHELP_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The proxy's own address: `earlyhelp serve` then takes the client's address, recorded in the
# audit log, from the proxy's X-Forwarded-For instead of recording the proxy's.
EARLYHELP_TRUSTED_PROXY = os.environ.get("EARLYHELP_TRUSTED_PROXY", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = os.environ.get("EARLYHELP_TOTP_ISSUER", "earlyhelp")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "/static/"
# Unset by default: WhiteNoise serves the files straight from the package. Set it only to
# collect them for a proxy to serve (`earlyhelp collectstatic`).
STATIC_ROOT = os.environ.get("EARLYHELP_STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by the application itself (WhiteNoise), straight from the package.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get(
    "EARLYHELP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EARLYHELP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EARLYHELP_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EARLYHELP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EARLYHELP_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("EARLYHELP_EMAIL_TLS", False)
EMAIL_TIMEOUT = env_int("EARLYHELP_EMAIL_TIMEOUT", 10)  # seconds: a hung relay must not hang us
DEFAULT_FROM_EMAIL = os.environ.get("EARLYHELP_FROM_EMAIL", "earlyhelp@localhost")

# Outbox: how many times a message is tried before it is marked as failed for a person to see.
EARLYHELP_OUTBOX_MAX_ATTEMPTS = env_int("EARLYHELP_OUTBOX_MAX_ATTEMPTS", 8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EARLYHELP_LOG_LEVEL", "WARNING")},
}
