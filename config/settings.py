"""Settings for Tuchtdossier, read from the environment (12-factor).

Every variable is listed in the README. With ``DJANGO_DEBUG`` off the application refuses to start
without ``DJANGO_SECRET_KEY``: there is no default key outside development.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for development, run with DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The form templates of Django, found by the project's template engine (FORM_RENDERER).
    "django.forms",
    "guardian",
    "axes",
    "csp",
    "core",
    "incidents",
    "workflows",
    "workflows.documents",
    "workflows.retention",
    "workflows.defence",
]

MIDDLEWARE = [
    # First, so that every log line of the request, the other middleware's included, has its id.
    "core.operations.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages are sent compressed; Django's GZip middleware pads each response against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

FORM_RENDERER = "core.forms.FormRenderer"

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
                "core.context_processors.roles",
                "core.context_processors.todo",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a real embedded database: writers take the write lock when their transaction
    # starts (IMMEDIATE) and wait for it up to DATABASE_SQLITE_TIMEOUT seconds instead of failing
    # with "database is locked"; WAL lets readers go on while one user writes. A page cache of
    # 64 MiB per connection and the file mapped into memory (up to 1 GiB) instead of SQLite's 2 MB
    # default: at 100,000 cases the database is about 800 MB, and the lists read its indexes
    # through the cache (the case list 47 -> 33 ms, docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DATABASE_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Refuses every password when LOCAL_PASSWORD_LOGIN is off (core.sso).
    "core.sso.backends.PasswordLoginSwitch",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); inert unless configured (config/sso.py).
    "core.sso.backends.OrganisationOIDCBackend",
    # guardian's object permissions, read once per case page (workflows.access).
    "workflows.access.PagePermissionBackend",
]
# guardian's check looks for its own backend by name; PagePermissionBackend is a subclass of it.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
ANONYMOUS_USER_NAME = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a period of inactivity (default 30 minutes): every request moves the
# session's server-side expiry forward, so only an idle session runs out.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login brute-force protection (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failed logins for
# one user name from one address, that pair is locked out for DJANGO_LOGIN_LOCKOUT_MINUTES. The
# pair, not the address alone: the staff of a town hall share one outgoing address, and one
# person's typing errors must not lock out their colleagues.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Lockouts are still logged as warnings; this only silences the start-up and per-login chatter.
AXES_VERBOSE = False

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English is a choice each user makes once; it is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # see "File storage"
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------------------------
# File storage: evidence, case attachments, issued documents and their signed copies.
# On the local disk under MEDIA_ROOT, or, when OBJECT_STORAGE_BUCKET is set, in an S3-compatible
# object store shared by every application server (docs/deployment.md). MEDIA_URL is deliberately
# not routed and the objects are private (no ACL that opens them, every URL signed): files are
# only served through views that check the user's right to see the case and log the download,
# which stream them from the storage.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))


def object_storage(environ) -> dict | None:
    """The S3 storage the OBJECT_STORAGE_* variables describe, or None without a bucket."""
    bucket = environ.get("OBJECT_STORAGE_BUCKET", "").strip()
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("OBJECT_STORAGE_ENDPOINT_URL") or None,
        "region_name": environ.get("OBJECT_STORAGE_REGION") or None,
        "access_key": environ.get("OBJECT_STORAGE_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("OBJECT_STORAGE_SECRET_ACCESS_KEY") or None,
        "location": environ.get("OBJECT_STORAGE_PREFIX", "").strip("/"),
        "addressing_style": environ.get("OBJECT_STORAGE_ADDRESSING_STYLE") or None,
        # Never readable without a signature, and a signed URL only lives a minute.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "custom_domain": None,
        # A name that exists gets a new one, as on the disk: nothing is ever overwritten.
        "file_overwrite": False,
        # A download is buffered on the way from the bucket: in memory up to 5 MB, on disk beyond.
        "max_memory_size": 5 * 1024 * 1024,
    }
    if options["addressing_style"] not in {None, "auto", "path", "virtual"}:
        raise ImproperlyConfigured(
            "OBJECT_STORAGE_ADDRESSING_STYLE must be 'auto', 'path' or 'virtual'.")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES["default"] = object_storage(os.environ) or STORAGES["default"]
# ---------------------------------------------------------------------------------------------
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Where django.core.mail.backends.filebased.EmailBackend writes each mail (a staging server).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tuchtdossier@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Where the organisation's letters are sent from; shown on every issued document.
ORGANISATION = {
    "name": os.environ.get("ORGANISATION_NAME", "Gemeente en OCMW Voorbeeld"),
    "address": os.environ.get("ORGANISATION_ADDRESS", "Marktplein 1, 9999 Voorbeeld"),
    "inspection": os.environ.get(
        "ORGANISATION_INSPECTION",
        "personeelsdienst, Marktplein 1, 9999 Voorbeeld, op werkdagen van 9 tot 12 uur"),
}

# The organisation's seal certificate (PKCS#12): when set, every issued PDF carries a PAdES seal.
DOCUMENT_SEAL_PKCS12 = os.environ.get("DOCUMENT_SEAL_PKCS12", "")
DOCUMENT_SEAL_PASSWORD = os.environ.get("DOCUMENT_SEAL_PASSWORD", "")
# The roots a signed copy's signer must chain to for "trusted" (a directory of PEM/DER certificates
# or one PEM bundle, e.g. the Belgian eID root CAs); empty: signatures are checked, nobody trusted.
DOCUMENT_TRUST_ROOTS = os.environ.get("DOCUMENT_TRUST_ROOTS", "")

# When on, no issued document can be marked as sent before a legal reviewer approved its version.
DOCUMENTS_REQUIRE_LEGAL_APPROVAL = env_bool("DOCUMENTS_REQUIRE_LEGAL_APPROVAL", False)

DEADLINE_REMINDER_DAYS = int(os.environ.get("DEADLINE_REMINDER_DAYS", "2"))
# Notifications and the hearings calendar: the due date a legal review request proposes (working
# days from today), and the length of a hearing in the calendar feed (a hearing has no end time).
REVIEW_DUE_WORKING_DAYS = int(os.environ.get("REVIEW_DUE_WORKING_DAYS", "10"))
HEARING_DURATION_MINUTES = int(os.environ.get("HEARING_DURATION_MINUTES", "60"))
# Statistics: a figure counting fewer cases than this is shown as "< n" (small-number protection).
STATISTICS_MIN_COUNT = max(2, int(os.environ.get("STATISTICS_MIN_COUNT", "5")))
# How long a year's protected figures are kept (seconds): every view of a year reuses them.
STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "300"))
# How old a year's precomputed counts (`refresh_statistics`, run by a timer every 15 minutes) may
# be before the page counts the year again itself; 0 counts on every view, with no snapshot and
# without publishing the figures in steps (statistics/release.py): for the tests only.
STATISTICS_SNAPSHOT_SECONDS = int(os.environ.get("STATISTICS_SNAPSHOT_SECONDS", "3600"))

# Anchoring each case's history outside the database (`verify_case_history --checkpoint`): the
# HMAC key lives only in the environment, so whoever can write the database cannot forge a
# checkpoint; the file is only ever appended to, and the mail leaves a copy with someone else.
INTEGRITY_CHECKPOINT_KEY = os.environ.get("INTEGRITY_CHECKPOINT_KEY", "")
INTEGRITY_CHECKPOINT_FILE = os.environ.get(
    "INTEGRITY_CHECKPOINT_FILE", str(BASE_DIR / "var" / "checkpoints.jsonl"))
INTEGRITY_CHECKPOINT_EMAIL = env_list("INTEGRITY_CHECKPOINT_EMAIL")

# --- Second factor (TOTP with django-otp, recovery codes; issue #18) ----------------------------
# Every account that can open case files (core.roles.CASE_ROLES, staff, superusers) gives a code
# from an authenticator app after its local password; sessions from single sign-on are not asked
# (core.second_factor.rules). Reporting managers are exempted unless OTP_EXEMPT_MANAGERS=0.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# After authentication: django-otp tells whether the session gave its code, then the session is
# held at the code step until it has (read per request, so tests can switch it on and off).
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
                  "core.second_factor.middleware.SecondFactorMiddleware")
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_EXEMPT_MANAGERS = env_bool("OTP_EXEMPT_MANAGERS", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Tuchtdossier")
OTP_RECOVERY_CODE_COUNT = 10

# Production hardening; `manage.py check --deploy` is clean with debug off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer probes each instance directly over plain HTTP; a redirect would fail its check.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts, styles, fonts and forms only from this site, no
# inline script or style, no eval, never inside a frame. Pico's icons are data: images. Evidence
# downloads set their own stricter sandbox policy, which the middleware leaves as it is.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ---- Single sign-on (OpenID Connect) and local password login: all in config/sso.py ----
from config.sso import *  # noqa: E402,F403

# Logging out after a single sign-on redirects the logout form to the provider's end-session page.
CONTENT_SECURITY_POLICY = with_form_action(CONTENT_SECURITY_POLICY, OIDC_PROVIDER_ORIGINS)  # noqa: F405

# Log lines carry the request id (core.operations.request_id). DJANGO_LOG_FORMAT=json writes one
# JSON object per line for a log collector; the default is plain text in debug, JSON otherwise.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.operations.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "core.operations.request_id.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                    "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
