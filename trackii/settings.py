"""
trackii settings, read from the environment only.

With no variable set, trackii runs in its *embedded* mode: SQLite in ./data,
Celery tasks run eagerly in process, local-memory cache, e-mail printed to the
console and DEBUG on. Setting DATABASE_URL (and usually REDIS_URL) switches to
the production stack; DEBUG is then off unless asked for, and SECRET_KEY must
be set or trackii refuses to start.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("TRACKII_DATA_DIR", default=str(BASE_DIR / "data")))

env = environ.Env()

EMBEDDED = not env.str("DATABASE_URL", default="")
DEBUG = env.bool("DEBUG", default=EMBEDDED)

# A development key is only acceptable while DEBUG is on; in any other mode a
# missing key must stop the process before it serves a single request.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. trackii refuses to start with DEBUG off and no "
            "SECRET_KEY: set the SECRET_KEY environment variable to a long random value."
        )
    SECRET_KEY = "django-insecure-embedded-mode-only-never-use-in-production"  # noqa: S105 -- DEBUG-only fallback, refused above when DEBUG is off

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "guardian",
    "axes",
    # Second factor: authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "trackii.accounts",
    # Passkeys (WebAuthn) as a second factor, in place of the authenticator app's code.
    "trackii.passkeys",
    "trackii.privacy",
    # Organizations: who runs dialogues on this instance; accounts come by invitation.
    "trackii.organizations",
    "dialogues",
    "participants",
    "facilitation",
    "reports",
    "trackii.demo",
    # Work for the Celery worker, saved with the change and sent when the broker answers.
    "trackii.outbox",
    # Work that spans the feature apps (the retention purge, erasure, the to-do panel).
    "trackii.workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the cookie or Accept-Language; UserLanguageMiddleware refines it.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Drops bidirectional controls from every form's input (display spoofing).
    "trackii.privacy.middleware.StripBidiControlsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's own language setting, else the browser's among the app's languages.
    "trackii.accounts.middleware.UserLanguageMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "trackii.accounts.middleware.SecondFactorDeviceMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it logs out a session idle for SESSION_IDLE_TIMEOUT, and says so.
    "trackii.accounts.middleware.IdleTimeoutMiddleware",
    # Second factor first: enter the code, or (organizers, facilitators) set one up.
    "trackii.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trackii.privacy.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trackii.urls"
WSGI_APPLICATION = "trackii.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trackii.navigation.context",
            ],
            # {% load l10n_extras %}: amounts of money for the active language (Babel).
            "libraries": {"l10n_extras": "trackii.templatetags.l10n_extras"},
        },
    },
]

# --- Database -------------------------------------------------------------
if EMBEDDED:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'trackii.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if EMBEDDED else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = not EMBEDDED
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down is a cache miss, not a 500 (trackii/outbox/cache.py).
            "BACKEND": "trackii.outbox.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="trackii"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks carry ids only (never names or text); JSON keeps the messages readable
# in an audit of the broker.
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An hour: longer than any task, or a slow task would be handed to a second worker. A message
# whose worker died (SIGKILL, lost machine) is given to another one after this long.
# Socket timeouts: without them a publish to a Redis that accepts connections but never
# answers (a hung host, a partition) waits forever, and so would the request behind it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_EXPIRES = 3600
# Periodic work, run by `celery beat`. Each entry is a task taking no arguments.
CELERY_BEAT_SCHEDULE = {
    # Send what waited in the outbox while Redis was down (trackii/outbox).
    "outbox-flush": {"task": "trackii.outbox.tasks.outbox_flush", "schedule": 60.0},
    # Purge the records of closed dialogues past their retention period, once a day
    # (trackii/workflows/retention.py). Idempotent: a missed or repeated run is harmless.
    "retention-purge": {"task": "dialogues.tasks.retention_purge_due", "schedule": 24 * 60 * 60.0},
    # Each organizer's and facilitator's daily reminder e-mail (trackii/workflows/reminders.py),
    # at 06:00 in TIME_ZONE. At most one a day per user: a repeated run sends nothing new.
    "reminders": {
        "task": "trackii.workflows.tasks.reminders_send",
        "schedule": crontab(hour=6, minute=0),
    },
    # Delete team exports past their expiry (trackii/workflows/exports.py), every hour.
    "exports-purge": {
        "task": "trackii.workflows.tasks.exports_purge_expired_task",
        "schedule": 60 * 60.0,
    },
}
# Hours a team export (a file of confidential data) is kept for its creator to download.
EXPORT_KEPT_HOURS = env.int("EXPORT_KEPT_HOURS", default=24)
# Whether /healthz asks a Celery worker to answer a ping (production only).
HEALTHZ_CHECK_WORKER = env.bool("HEALTHZ_CHECK_WORKER", default=bool(REDIS_URL))

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading each request's user with their second-factor state.
    "trackii.accounts.backends.AccountBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous visitors see nothing
GUARDIAN_RAISE_403 = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Millions of leaked passwords, shipped in a package: no network call.
    {"NAME": "trackii.accounts.validators.BreachedPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour
# Seconds the link that confirms a new login address works after it was sent.
EMAIL_CHANGE_TIMEOUT = 24 * 60 * 60
# Days an invitation to an account (trackii.organizations) works after it was sent.
ACCOUNT_INVITATION_DAYS = 14

# Brute-force lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# account from one address, that pair is refused until the cool-off has passed.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Not at the password step: that would let someone who knows the password guess second-factor
# codes forever. trackii.accounts clears the count once a login is complete.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# REMOTE_ADDR is whoever connected to gunicorn: behind a load balancer, the client only when
# the balancer sends the PROXY protocol (docs/deployment.md, "Several web nodes and workers").
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

# --- E-mail ---------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="trackii <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where participants open trackii, without a trailing slash: the links in invitation
# e-mails are built from it, since the Celery worker that sends them has no request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
# Every shipped language, each named in itself. The whole interface is in the first five;
# Hebrew and Ukrainian are for what a participant without an account reads (the private
# invitation and reading pages, the e-mails to participants): they are kept out of the
# app's own language setting (trackii.i18n.APP_LANGUAGES). The catalogs are in ./locale.
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("he", "עברית"),
    ("uk", "Українська"),
]
PARTICIPANT_ONLY_LANGUAGES = {"he", "uk"}
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "trackii.staticfiles.StaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------
# Sessions in the database, read through the cache (a failing cache is tolerated, the
# database stays the record): a logged-in request, the console's poll above all, reads no
# session row. See trackii/lib/sessions.py. Only through a cache every process shares:
# with the local-memory cache each gunicorn worker (each web node) would keep its own copy,
# and a session ended in one process would go on working in the others for minutes.
SESSION_ENGINE = "trackii.lib.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime of a login (fixed at login)
SESSION_SAVE_EVERY_REQUEST = False  # the expiry stays where the login put it
# A session unused this long (seconds; the variable is in minutes) is logged out.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30) * 60
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page, never from the cookie
# Second factor (django-otp): the name authenticator apps show for trackii accounts.
OTP_TOTP_ISSUER = "trackii"
# Passkeys (trackii.passkeys): the WebAuthn relying party ID, a domain (never an IP address).
# Empty: the host name of the request (checked against ALLOWED_HOSTS). Set it to a parent
# domain (example.org for trackii.example.org) only if passkeys should work across subdomains.
PASSKEY_RP_ID = env.str("PASSKEY_RP_ID", default="")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # __Host- cookies: browsers take them only over HTTPS, for this exact host, path /.
    if SESSION_COOKIE_SECURE:
        SESSION_COOKIE_NAME = "__Host-sessionid"
    if CSRF_COOKIE_SECURE:
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Preload is an operator's opt-in: leaving the browsers' preload list takes months. Until a
    # site opts in, Django's deploy check W021 ("not set to True") is a known, accepted state.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Privacy --------------------------------------------------------------
# Keys that encrypt confidential text at rest (trackii.privacy.crypto): the first
# encrypts, all decrypt. Separate from SECRET_KEY. In embedded mode a key is made
# once and kept beside the SQLite database; anywhere else it must be given.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS and EMBEDDED:
    _key_file = DATA_DIR / "field-encryption.key"
    if not _key_file.exists():
        from cryptography.fernet import Fernet

        _key_file.touch(mode=0o600)
        _key_file.write_text(Fernet.generate_key().decode())
    FIELD_ENCRYPTION_KEYS = [_key_file.read_text().strip()]
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS is not set. trackii encrypts confidential text at rest and "
        "refuses to start without a key: run `python manage.py generate_encryption_key` "
        "and set FIELD_ENCRYPTION_KEYS to its output."
    )

# The key that turns a protected participant into a stable pseudonym. It is
# separate from SECRET_KEY so that rotating one never reshuffles the other.
PSEUDONYM_KEY = env.str("PSEUDONYM_KEY", default=SECRET_KEY)

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "redact_invitation_tokens": {"()": "trackii.lib.logfilters.RedactInvitationTokens"},
        "one_line_for_client_errors": {"()": "trackii.lib.logfilters.OneLineForClientErrors"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_invitation_tokens", "one_line_for_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request logs can carry tokens in URLs; keep Django's at WARNING, and redact the
        # private invitation links (/i/<token>/) from every logger that prints a path.
        # An ordinary 403 or 404 is one line, without a traceback.
        "django.request": {
            "level": "WARNING",
            "filters": ["redact_invitation_tokens", "one_line_for_client_errors"],
        },
        # runserver's request lines: through the console handler, which redacts them too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs a dozen INFO lines for every PDF it draws.
        "weasyprint": {"level": "WARNING"},
    },
}

# The model the privacy core scopes memberships and confidential content to.
TRACKII_DIALOGUE_MODEL = "dialogues.Dialogue"
