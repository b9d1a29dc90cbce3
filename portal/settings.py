"""Settings, read from the environment.

Defaults give a newcomer a working portal with nothing installed: SQLite under
var/, an embedded (filesystem) Celery broker, console e-mail. DATABASE_URL,
REDIS_URL and EMAIL_URL switch to the real parts. DJANGO_ENV=production turns
on every secure setting and requires SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # required: no default in production
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode lists the demo logins on the login page.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Translated columns of reference data (each app's translation.py); before the admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_celery_results",
    "rules.apps.AutodiscoverRulesConfig",
    # Strong login: throttling and lockout, two-step login, Content-Security-Policy.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "portal",
    "accreditation",
    "accreditation.quadrennial",
    "participation",
    "trustfund",
    "partnerships",
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
    "portal.security.SessionIdleTimeoutMiddleware",
    "portal.twofactor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "portal.middleware.RequestLogMiddleware",
    "portal.middleware.BadInputMiddleware",
    # Last: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
            # Locale-aware number, money and date filters in every template (portal/templatetags/l10n_portal.py).
            "builtins": ["portal.templatetags.l10n_portal"],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL is set.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker and the web process share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
        "TEST_DATABASE_NAME", default=f"test_{DATABASES['default'].get('NAME') or 'portal'}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# Seconds before a Redis call (cache or broker) gives up: pages degrade
# instead of hanging when Redis is unreachable.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, degrading to a miss (pages read the database) while Redis is down.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Each test process (pytest-xdist worker) keeps its own keys in the shared Redis.
            "KEY_PREFIX": "-".join(filter(None, ["portal", env.str("PYTEST_XDIST_WORKER", default="")])),
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "portal.auth_backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# ---------------------------------------------------------------- strong login (README: Security)
# Throttling and lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one address, every login for it is refused for AXES_COOLOFF_TIME, the right password included;
# the account's owner is told by e-mail (portal/security.py).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "portal.security.axes_username"  # an e-mail address counts for its account
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "portal.security.client_address"
# How many reverse proxies append to X-Forwarded-For in front of the portal (0: none, use REMOTE_ADDR).
PROXY_COUNT = env.int("PROXY_COUNT", default=1 if PRODUCTION else 0)

# Two-step login (TOTP with recovery codes; portal/twofactor.py): mandatory for these roles (and for
# anyone with admin-site access), optional for the others.
TWO_FACTOR_REQUIRED_ROLES = env.list("TWO_FACTOR_REQUIRED_ROLES",
                                     default=["secretariat", "committee", "board", "focalpoint", "admin"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="NGO Portal")
RECOVERY_CODES = 10
# Awards, adoption and bulk publishing ask for the password or a code again when the last one is older.
REAUTHENTICATE_AFTER_MINUTES = env.int("REAUTHENTICATE_AFTER_MINUTES", default=15)
# Idle sessions end: staff after 30 minutes without a request, others (NGOs) later.
SESSION_IDLE_TIMEOUT_STAFF_MINUTES = env.int("SESSION_IDLE_TIMEOUT_STAFF_MINUTES", default=30)
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=240)

# Content-Security-Policy: no inline script, nothing from other sites (assets are vendored).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=(), interest-cohort=()")
# Public polls: anonymous answers from one address per consultation and day (one per browser too).
CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS = env.int("CONSULTATION_ANONYMOUS_ANSWERS_PER_ADDRESS", default=3)

# Internationalisation: the six official languages of the United Nations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Number and date formats per language, in step with CLDR (portal/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]

# Reference data in the six languages (django-modeltranslation): one column per
# language, English the fallback. Each app registers its fields in translation.py
# and ships its translations in <app>/data/translations.json (portal.i18n).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ar", "zh-hans", "fr", "ru", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The admin's language tabs use jQuery UI, vendored (no CDN at run time).
MODELTRANSLATION_JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents: PDFs only, checked by type, content and size.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024 + MAX_UPLOAD_SIZE
# Virus scanning of uploads (portal/uploads.py): a dotted path to a callable
# scan(data, name) -> threat name | None. ClamAV's clamd when CLAMD_SOCKET (a
# Unix socket path) or CLAMD_HOST (with CLAMD_PORT) is set; none otherwise.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_HOST = env.str("CLAMD_HOST", default="")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
CLAMD_TIMEOUT = env.int("CLAMD_TIMEOUT", default=30)
UPLOAD_SCANNER = env.str("UPLOAD_SCANNER", default="portal.uploads.clamd_scan" if (CLAMD_SOCKET or CLAMD_HOST) else "")

# E-mail: console unless EMAIL_URL says otherwise (smtp://, smtp+tls://, consolemail://).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A mail server that does not answer gives up after this many seconds (only
# workers talk to it: requests queue e-mails in the outbox).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=5)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NGO Portal <no-reply@ngo-portal.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# REST API: one error format, pagination, session and token authentication.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that an anonymous request is answered 401 with "WWW-Authenticate: Bearer".
        "portal.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api_auth.ApiTokenThrottle"],
    # Each list declares its filters and ordering in a FilterSet (<app>/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
# Requests each personal API token may make (DRF rate: "<n>/<second|minute|hour|day>").
API_TOKEN_THROTTLE_RATE = env("API_TOKEN_THROTTLE_RATE", default="1000/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "NGO Portal API",
    "DESCRIPTION": "Accreditation and participation of NGOs at the United Nations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The API guide's calls (docs/api.md) become examples of their operations.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api_guide.add_examples"],
    "ENUM_NAME_OVERRIDES": {
        "StatusCategoryEnum": "accreditation.models.organisations.StatusCategory",
        "StatusStateEnum": "accreditation.models.organisations.StatusState",
        "DocumentKindEnum": "accreditation.models.applications.ApplicationDocument.Kind",
        "OrganisationChangeKindEnum": "accreditation.models.decisions.OrganisationChange.Kind",
        "FundingKindEnum": "accreditation.models.organisations.FundingSource.Kind",
        "SecretariatRecommendationEnum": "accreditation.models.applications.Recommendation",
        "BoardRecommendationEnum": "trustfund.models.BoardReview.Recommendation",
        # The category an organisation seeks (an application, a reclassification).
        "CategorySoughtEnum": [("general", "General"), ("special", "Special"), ("roster", "Roster")],
    },
}

# Celery: Redis when REDIS_URL is set; otherwise an embedded filesystem broker
# under var/ that needs no server, so worker and beat really run in `make run`.
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# At least once: a task is acknowledged after it ran, and goes back to the
# queue when its worker dies (every task is idempotent; see portal/celery.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # nothing reads results; publishing then never touches the result store
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# A task whose worker vanished (killed, machine lost) is delivered again after
# this many seconds. Longer than any task runs (retries wait at most 5 minutes).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 5.0),  # above the 1-second BRPOP poll of workers
        # Publishing from a request tries once: the outbox keeps what did not go.
        "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5,
    }
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT}
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
else:
    BROKER_DIR = VAR_DIR / "broker"
    for sub in ("out", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = "django-db"
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False

# Periodic jobs, installed into django-celery-beat's editable schedule by
# `migrate` (portal.signals) so staff see and change them in the admin.
PERIODIC_TASKS = {
    "portal: heartbeat": {"task": "portal.tasks.heartbeat", "crontab": "*/5 * * * *"},
    "portal: send what waits in the outbox": {"task": "portal.tasks.outbox_relay", "crontab": "* * * * *"},
    "quadrennial: report reminders": {"task": "accreditation.quadrennial.tasks.quadrennial_reminder_sweep",
                                      "crontab": "15 3 * * *"},
    "accreditation: close applications with no reply 48 hours before the session": {
        "task": "accreditation.tasks.close_unanswered_applications", "crontab": "15 * * * *"},
    "exports: drop stored files nobody asked for lately": {"task": "portal.tasks.purge_exports",
                                                          "crontab": "40 4 * * *"},
    "partnerships: is the reform working? (measures of success)": {
        "task": "partnerships.tasks.snapshot_reform_measures", "crontab": "20 2 * * *"},
}

# Stored exports (portal/exports.py): files not asked for in this many days
# are dropped by the periodic job and rendered again on demand.
EXPORTS_KEEP_DAYS = env.int("EXPORTS_KEEP_DAYS", default=14)
# A render not finished within this many seconds was abandoned by a dead worker and is taken over.
EXPORTS_RENDER_LEASE_SECONDS = env.int("EXPORTS_RENDER_LEASE_SECONDS", default=300)

# The transactional outbox (portal/outbox.py, docs/operations.md).
OUTBOX = {
    "MAX_ATTEMPTS": env.int("OUTBOX_MAX_ATTEMPTS", default=10),
    "BACKOFF_SECONDS": env.float("OUTBOX_BACKOFF_SECONDS", default=30),
    "MAX_BACKOFF_SECONDS": env.float("OUTBOX_MAX_BACKOFF_SECONDS", default=3600),
    "LEASE_SECONDS": env.float("OUTBOX_LEASE_SECONDS", default=300),
    "BATCH_SIZE": env.int("OUTBOX_BATCH_SIZE", default=50),
    "DELIVER_CHUNK": 100,
    "BROKER_RETRY_SECONDS": env.float("OUTBOX_BROKER_RETRY_SECONDS", default=15),
    "KEEP_SENT_DAYS": env.int("OUTBOX_KEEP_SENT_DAYS", default=30),
    # /healthz answers 503 (not ready) when the oldest unsent row is older than this.
    "MAX_PENDING_AGE_SECONDS": env.int("OUTBOX_MAX_PENDING_AGE", default=1800),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "portal.requests": {"level": "INFO", "propagate": True},
        # PDF rendering libraries log every step at INFO.
        "fontTools": {"level": "WARNING"},
        # django-axes logs every login attempt at INFO.
        "axes": {"level": "WARNING"},
    },
}

if PRODUCTION:
    DEBUG = False
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes call it over plain HTTP inside the network
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"

# Separation of duties in the trust fund: an award or a payment above this
# amount (USD) needs a second person to confirm it (four eyes).
TRUSTFUND_FOUR_EYES_USD = env.int("TRUSTFUND_FOUR_EYES_USD", default=10000)
