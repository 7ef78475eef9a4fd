"""Django settings for Förderlotse, read from the environment in one place.

Every variable is documented in ``.env.example``; a malformed value stops start-up with the
variable's name (see ``backend/settings/env.py``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from backend.settings.database import database_settings
from backend.settings.documents import documents_config
from backend.settings.env import Env
from backend.settings.limits import cache_config, login_limits
from backend.settings.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = Env()

DEBUG = env.boolean("DJANGO_DEBUG", False, doc="Debug mode; never in production")
_dev_secret = "insecure-development-key-not-for-production"  # noqa: S105 - only with DEBUG
SECRET_KEY = env.string(
    "DJANGO_SECRET_KEY",
    _dev_secret if DEBUG else None,
    doc="Secret key for signing; required unless DJANGO_DEBUG is true",
)
ALLOWED_HOSTS = env.strings(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"], doc="Comma-separated host names"
)
CSRF_TRUSTED_ORIGINS = env.strings(
    "DJANGO_CSRF_TRUSTED_ORIGINS", [], doc="Comma-separated origins (https://...) for CSRF"
)
SITE_URL = env.string(
    "SITE_URL", "http://127.0.0.1:8000", doc="Public base URL, used in links sent by e-mail"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "procrastinate.contrib.django",
    "csp",
    "axes",
    "backend.common",
    "backend.accounts",
    "backend.areas",
    "backend.offerings",
    "backend.associations",
    "backend.programs",
    "backend.cases",
    "backend.documents",
    "backend.privacy",
    "backend.letters",
    "backend.messaging",
    "backend.webhooks",
    "backend.conferences",
    "backend.intake",
    "workflows",
    "backend.workspace",
    "backend.catalogue",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.idempotency.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backend.common.middleware.DatabaseUnavailableMiddleware",
    # Last: it answers a locked-out login (django-axes).
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
            ],
        },
    },
]

# --- Database: PostgreSQL only, a runtime and an owner role (settings/database.py) -------------
_database = database_settings(env, BASE_DIR, DEBUG)
DATABASES = {"default": _database.default}
DATABASE_OWNER_URL = _database.owner_url
DATABASE_RUNTIME_ROLE = _database.runtime_role
USING_EMBEDDED_DB = _database.embedded
OVERLAP_PREPARED_STATEMENT = _database.prepared_statements
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation: German first, English available ----------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our date formats per language (British day-month order on the English pages).
FORMAT_MODULE_PATH = ["backend.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(
    env.string("STATIC_ROOT", str(BASE_DIR / "var" / "static"), doc="Where collectstatic writes")
)
# Served by WhiteNoise from STATIC_ROOT (compressed), so a container needs no extra web server.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Documents of cases (uploads and letters; backend/documents) -----------------------------
# Never served as public media: only through permission-checked views (backend/settings/
# documents.py reads the storage and the limits).
STORAGES["documents"], DOCUMENT_MAX_BYTES, DOCUMENT_MAX_CASE_BYTES = documents_config(env, BASE_DIR)
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000

# --- Background worker (procrastinate on this database; backend/messaging, ADR 0008) ----------
# Successful jobs are deleted: a job's arguments may hold a status link until its mail is out.
PROCRASTINATE_WORKER_DEFAULTS = {"delete_jobs": "successful"}

# --- Data protection (issue #17; docs/data-protection.md) ----------------------------------------
STATUS_LINK_IDLE_DAYS = env.integer(
    "STATUS_LINK_IDLE_DAYS",
    365,
    minimum=1,
    doc="Days a status link works while neither opened nor anything happens on its case",
)
STATUS_LINK_FINISHED_MONTHS = env.integer(
    "STATUS_LINK_FINISHED_MONTHS", 6, doc="Months a status link works after its case is finished"
)
RETENTION_CLOSED_YEARS = env.integer(
    "RETENTION_CLOSED_YEARS",
    5,
    minimum=1,
    doc="Years after the report was accepted before a closed case is anonymised",
)
RETENTION_UNFUNDED_MONTHS = env.integer(
    "RETENTION_UNFUNDED_MONTHS",
    24,
    minimum=1,
    doc="Months after a rejected, withdrawn or referred idea before it is anonymised",
)

# --- Outbound webhooks (backend/webhooks; docs/api.md "Webhooks"; ADR 0009) -------------------
WEBHOOKS_ALLOW_HTTP = env.boolean("WEBHOOKS_ALLOW_HTTP", False, doc="Allow http:// webhook URLs")
WEBHOOKS_TIMEOUT = 10  # seconds per attempt
# Switched off after this many failed attempts in a row that span at least this long:
WEBHOOKS_DISABLE_AFTER_FAILURES = 20
WEBHOOKS_DISABLE_AFTER_FAILING_FOR = timedelta(hours=1)

# --- Login (the coordinators' workspace) -----------------------------------------------------
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:inbox"
LOGOUT_REDIRECT_URL = "workspace:login"

# --- Cache, rate limits, login attempts: shared by all processes (settings/limits.py) --------
CACHES = {"default": cache_config(env)}
# Failed logins (workspace and admin) with django-axes, counted in its table.
AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME = login_limits(env)
# Per account *and* address: a guesser is stopped without locking the coordinator out from
# elsewhere, or the whole city hall behind one address; the per-address limit of
# backend.common.ratelimit (scope login-failure) stops guessing many accounts from one place.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_DISABLE_ACCESS_LOG = True  # no log of every login with address and browser
AXES_CLIENT_IP_CALLABLE = "backend.common.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "backend.workspace.views.auth.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
AXES_VERBOSE = False
RATE_LIMIT_PROXY_HOPS = env.integer(
    "RATE_LIMIT_PROXY_HOPS",
    0,
    doc="Reverse proxies in front of the app whose X-Forwarded-For entry is trusted (0 = none)",
)

# --- E-mail ----------------------------------------------------------------------------------
_email_url = env.url(
    "EMAIL_URL",
    schemes=("smtp", "console"),
    doc="smtp://host:port for an SMTP server (mailpit in compose); required with debug off; "
    "unset (debug only) prints mail to stdout",
)
DEFAULT_FROM_EMAIL = env.string(
    "DEFAULT_FROM_EMAIL", "foerderlotse@localhost", doc="Sender address of outgoing mail"
)
if not DEBUG and (_email_url is None or _email_url.startswith("console")):
    # The console backend writes every mail, status links included, into the log.
    raise ImproperlyConfigured(
        "EMAIL_URL: required with debug off (smtp://host:port); the console backend would "
        "print status links, which are credentials, into the log"
    )
if _email_url is None or _email_url.startswith("console"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    from urllib.parse import urlsplit

    _email = urlsplit(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or ""
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = "tls=true" in _email.query

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
_secure = env.boolean("DJANGO_SECURE_COOKIES", not DEBUG, doc="Send cookies only over HTTPS")
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
# Behind a TLS-terminating proxy: HSTS, a redirect of plain HTTP, and which header says the
# original request was HTTPS (only if the proxy sets it and strips it from clients).
SECURE_HSTS_SECONDS = env.integer(
    "DJANGO_SECURE_HSTS_SECONDS", 0, doc="Strict-Transport-Security max-age; 0 sends none"
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False, doc="HSTS for every subdomain as well"
)
SECURE_HSTS_PRELOAD = env.boolean(
    "DJANGO_SECURE_HSTS_PRELOAD", False, doc="Allow the domain on the browsers' HSTS preload list"
)
SECURE_SSL_REDIRECT = env.boolean(
    "DJANGO_SECURE_SSL_REDIRECT", False, doc="Redirect plain HTTP requests to HTTPS"
)
# The container's health check asks gunicorn directly over HTTP: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.boolean(
    "DJANGO_SECURE_PROXY_SSL_HEADER",
    False,
    doc="Trust X-Forwarded-Proto: https from the reverse proxy as a secure request",
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from our own origin, no inline script or
# style, no plugins, no framing. Views that need more say so themselves (the API's Redoc page
# injects its styles: ``api/urls.py``).
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
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- API -------------------------------------------------------------------------------------
API_THROTTLE_RATES = {
    "user": env.string(
        "API_THROTTLE_USER",
        "1200/min",
        doc="Requests per user (or token) and period, e.g. 1200/min",
    ),
    "ideas": env.string(
        "API_THROTTLE_IDEAS", "30/hour", doc="Public idea submissions per client address"
    ),
    "idea_status": env.string(
        "API_THROTTLE_IDEA_STATUS", "120/min", doc="Status look-ups per client address"
    ),
    "overlap_checks": env.string(
        "API_THROTTLE_OVERLAP_CHECKS", "60/min", doc="Public overlap checks per client address"
    ),
    "catalogue": env.string(
        "API_THROTTLE_CATALOGUE", "120/min", doc="Public catalogue look-ups per client address"
    ),
}
API_MAX_BODY_BYTES = 1_000_000
#: Offering catalogues uploaded to POST /api/v1/offerings/import/ (multipart) may be larger.
API_MAX_IMPORT_BYTES = 10_000_000
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsCaseWorker"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "DEFAULT_METADATA_CLASS": "api.metadata.AllowedMethodsMetadata",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "STRICT_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Förderlotse API",
    "DESCRIPTION": (
        "Case management for municipal integration funding: ideas, advice, applications, "
        "decisions, reports. Errors are application/problem+json (RFC 9457). "
        "Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "DEFAULT_GENERATOR_CLASS": "api.schema.EnglishSchemaGenerator",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_links.add_links",
        "api.schema_links.add_ratelimit_headers",
        "api.schema_links.tolerant_enums",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStateEnum": "workflows.states.CaseState",
        "TransitionNameEnum": "api.serializers.transitions.transition_choices",
        "TargetGroupEnum": "backend.common.vocabularies.TargetGroup",
        "TopicEnum": "backend.common.vocabularies.Topic",
        "DocumentCategoryEnum": "backend.common.vocabularies.DocumentCategory",
        "UploadCategoryEnum": "backend.common.vocabularies.UploadCategory",
        "AreaKindEnum": "backend.areas.models.AreaKind",
        "EventKindEnum": "backend.cases.models.EventKind",
        "ActorKindEnum": "backend.cases.models.ActorKind",
        "LegalFormEnum": "backend.associations.models.LegalForm",
        "FinancingTypeEnum": "backend.cases.models.FinancingType",
        "DecisionOutcomeEnum": "backend.cases.models.DecisionOutcome",
        "ReferralKindEnum": "backend.cases.models.ReferralKind",
        "ProblemTypeEnum": "api.serializers.problems.PROBLEM_TYPE_CHOICES",
        "WebhookEventTypeEnum": "backend.webhooks.models.WebhookEventType",
        "DeliveryStatusEnum": "backend.webhooks.models.DeliveryStatus",
    },
    # No request to a third-party host: assets from the sidecar, no online validator badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logging ---------------------------------------------------------------------------------
LOG_LEVEL, LOGGING = logging_config(env)
