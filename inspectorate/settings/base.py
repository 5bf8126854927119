"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import storage as _storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Debug-only fallback (bandit/ruff flag it as a password): without debug there is no default.
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_htmx",
    "inspectorate",
    "audit",
    "complaints",
    "inspections",
    "reporting",
    "rollups",
    "notifications",
    "field",
    "deadlines",
    "history_import",
    "checklists",
    "socialsecurity",
    "accidents",
    "targeting",
    "ops",
]

MIDDLEWARE = [
    # ops (issue 22): /healthz, /readyz and /metrics answered first; then every request counted.
    "ops.middleware.ProbeMiddleware",
    "audit.middleware.RequestIDMiddleware",
    "ops.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # django-csp's, the settings' policy built once (inspectorate/security/csp.py).
    "inspectorate.security.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware for addresses without a language prefix, Accept-Language ignored.
    "inspectorate.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, the user read at once (inspectorate/middleware.py).
    "inspectorate.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # request.htmx: the one reading of htmx's HX-* request headers.
    "django_htmx.middleware.HtmxMiddleware",
    "inspectorate.security.sessions.SessionPolicyMiddleware",
    "inspectorate.security.mfa.MFARequiredMiddleware",
    # Object storage: a store that is down answers 503; objects of a rolled-back upload are removed.
    "inspectorate.storage.StorageUnavailableMiddleware",
]

ROOT_URLCONF = "inspectorate.urls"
WSGI_APPLICATION = "inspectorate.wsgi.application"

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
                "inspectorate.context_processors.navigation",
                # {% csrf_token %}: Django's token, its mask drawn in one read, one per response.
                "inspectorate.security.csrf.csrf",
            ],
            # {% load i18n %} and {% load static %}: Django's, with a literal's translation and a
            # path's address kept (inspectorate/templatetags/kept_i18n.py, kept_static.py). Django
            # warns of a library name used twice (templates.W003); inspectorate/checks.py does, but
            # for these two.
            "libraries": {
                "i18n": "inspectorate.templatetags.kept_i18n",
                "static": "inspectorate.templatetags.kept_static",
            },
            "builtins": [
                # {% extends %}: Django's, its root template's blocks found once (kept_extends.py).
                "inspectorate.templatetags.kept_extends",
                "inspectorate.templatetags.localtime",
                "inspectorate.templatetags.links",
                "inspectorate.templatetags.chrome",
            ],
        },
    },
]

SILENCED_SYSTEM_CHECKS = ["templates.W003"]  # in its place: inspectorate.checks.tag_libraries_named_once

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# --- ops (issue 22, least privilege): the role the application connects as. Set by manage.py
# from DATABASE_URL when `migrate` runs as the owner (MIGRATE_DATABASE_URL); each migrate
# then grants this role its rights (ops/dbroles.py). Empty: nothing is granted.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="")
# --- end ops
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "inspectorate.Staff"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, the request's user read with their office (inspectorate/security/backends.py).
    "inspectorate.security.backends.StaffBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Staff accounts are created by admins: no self sign-up, log in with the username.
ACCOUNT_ADAPTER = "inspectorate.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"

# Mail (password resets): printed to the console unless EMAIL_URL names an SMTP server.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# The address links in e-mails start with (notifications, complainant updates).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Inspectorate <no-reply@localhost>")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Office heads, officials and admins must set up TOTP before they can use the site.
MFA_ENFORCE = env.bool("DJANGO_MFA_ENFORCE", default=True)
# A password reset never logs in by itself: the next login still asks for the second factor.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed logins: 10 in 15 minutes lock that username from that address (the key is the pair,
# see StaffAccountAdapter) while colleagues behind the same office NAT keep logging in.
# allauth's per-address part of "login_failed" is dropped on purpose; "login" still caps
# a flood of login attempts from one address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/15m/key",
    "login": "120/m/ip",
}
# Rate limits of the public pages and API (inspectorate.ratelimit): "<count>/<window>", per
# client address and account, counted on the shared cache. A page and the API endpoint doing
# the same thing share one budget.
RATE_LIMITS = {
    "complaint-submit": env("RATE_LIMIT_COMPLAINT_SUBMIT", default="20/h"),  # /lapor/ and the public API intake
    "complaint-track": env("RATE_LIMIT_COMPLAINT_TRACK", default="10/10m"),  # /lapor/lacak/ and the track API
    "company-search": env("RATE_LIMIT_COMPANY_SEARCH", default="60/m"),  # the form's company look-up
    "complaint-message": env("RATE_LIMIT_COMPLAINT_MESSAGE", default="10/h"),  # the complainant's messages
    "public-stats": env("RATE_LIMIT_PUBLIC_STATS", default="120/m"),  # /transparansi/ and its CSV
}
# Reverse proxies in front of the app whose X-Forwarded-For entry is trusted (0 = none).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["inspectorate.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# --- Object storage (docs/storage.md): uploads and built files through the storage API only.
# STORAGE_URL (s3://… or file://…) or the AWS_* variables; nothing set: MEDIA_ROOT on this host.
STORAGES = {
    "default": _storage.default_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Downloads are streamed through the app after its access checks ("stream"), or answered with a
# redirect to a presigned URL of the object store valid STORAGE_URL_EXPIRE seconds ("redirect").
STORAGE_DOWNLOADS = env("STORAGE_DOWNLOADS", default="stream")
STORAGE_URL_EXPIRE = env.int("STORAGE_URL_EXPIRE", default=60)
if STORAGE_DOWNLOADS not in {"stream", "redirect"}:
    raise ImproperlyConfigured("STORAGE_DOWNLOADS must be stream or redirect.")
# --- end of object storage

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_CACHE_URL")}
        if env("REDIS_CACHE_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
}

# Celery: with no broker configured the tasks run in-process, so the demo needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# ops (issue 22): seconds before Redis hands an unacknowledged task to another worker. Above the
# longest task (a report build's hard limit); a redelivered build finds its claim taken and skips.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TIMEZONE = "UTC"
# The nightly tasks run when every office is asleep: 18:30 UTC is 01:30 WIB, 02:30 WITA and 03:30
# WIT. A schedule of every 24 hours would run them at whatever hour beat was started (a deploy in
# working hours: every day in working hours, as people file complaints and report visits).
NIGHTLY = crontab(hour=18, minute=30)
NIGHTLY_LATER = crontab(hour=19, minute=30)
CELERY_BEAT_SCHEDULE: dict = {
    # Hands queued report requests to the workers (e.g. those made while the broker was down)
    # and re-queues builds whose worker died.
    "reporting-dispatch-queued": {"task": "reporting.tasks.dispatch_queued", "schedule": 60.0},
    # The same for company imports uploaded in the browser while the broker was down.
    "inspectorate-dispatch-queued-imports": {"task": "inspectorate.tasks.dispatch_queued_imports", "schedule": 60.0},
    # Requests last month's reports for every office past midnight on the 1st in its own zone.
    "reporting-monthly-reports": {"task": "reporting.tasks.request_monthly_reports", "schedule": 3600.0},
    # Erases complainant identities past COMPLAINANT_RETENTION_DAYS (complaints.retention).
    "complaints-erase-expired-identities": {
        "task": "complaints.tasks.erase_expired_identities",
        "schedule": 24 * 3600.0,
    },
    # Hands notification e-mails and digests that are still waiting (broker or SMTP was down) to the workers.
    "notifications-dispatch-pending": {"task": "notifications.tasks.dispatch_pending_emails", "schedule": 60.0},
    # The complainants' "there is news" e-mails that are still waiting (same outbox pattern).
    "complaints-dispatch-complainant-emails": {
        "task": "complaints.tasks.dispatch_pending_complainant_emails",
        "schedule": 60.0,
    },
    # One tick per office in its own time zone: due soon, overdue, tomorrow's visits, Nota deadlines,
    # investigation steps, and the 07:00 digest (idempotent: every notification has its key).
    "notifications-offices-tick": {"task": "notifications.tasks.offices_tick", "schedule": 900.0},
    # Compares the figures' rollups with the complaints and visits, logs any drift and rebuilds: at
    # night in every office's zone (some twenty seconds of scanning at national size).
    "rollups-check": {"task": "rollups.check", "schedule": NIGHTLY},
    # Legal clocks (deadlines app): one scan per office in its own zone starts missing clocks,
    # expires those past the end of their due day and prepares the next step of the ladder.
    "deadlines-scan": {"task": "deadlines.tasks.offices_scan", "schedule": 900.0},
    # BPJS sanction ladder (socialsecurity): written warnings whose period passed are reminded once and
    # the next step drafted; its own scan, the periods computed with deadlines.workdays.due.
    "bpjs-sanctions-scan": {"task": "socialsecurity.tasks.offices_scan", "schedule": 900.0},
    # Risk scores of every company (targeting app), recomputed nightly, an hour after the rollups'
    # check (every company's score rewritten: minutes at national size); changes recompute at once.
    "targeting-recompute-scores": {"task": "targeting.tasks.recompute_scores", "schedule": NIGHTLY_LATER},
}
# Notification e-mails (notifications.services): an e-mail not picked up after this many seconds
# is handed to the queue again; one "sending" longer than this lost its worker and is retried.
NOTIFICATIONS_REDISPATCH_AFTER = env.int("NOTIFICATIONS_REDISPATCH_AFTER", default=120)
NOTIFICATIONS_SENDING_STALE_AFTER = env.int("NOTIFICATIONS_SENDING_STALE_AFTER", default=600)
# "Due soon": a complaint due within this many working days.
NOTIFICATIONS_DUE_SOON_WORKING_DAYS = env.int("NOTIFICATIONS_DUE_SOON_WORKING_DAYS", default=2)
# After this many days in a final state (closed, rejected, referred) a complaint loses the
# complainant's identity and evidence files, unless an investigation from it is still open.
COMPLAINANT_RETENTION_DAYS = env.int("COMPLAINANT_RETENTION_DAYS", default=730)
# How far back staff may date a complaint they record (a letter that arrived last week); older
# history comes in through ``manage.py import_history`` / /manage/history/.
COMPLAINT_BACKDATE_MAX_DAYS = env.int("COMPLAINT_BACKDATE_MAX_DAYS", default=90)
# A queued report not picked up after this many seconds is handed to the queue again.
REPORTING_REDISPATCH_AFTER = env.int("REPORTING_REDISPATCH_AFTER", default=120)
# Soft and hard time limits of one report build; a "running" report older than the hard limit
# (plus a margin) lost its worker and is rebuilt once.
REPORTING_SOFT_TIME_LIMIT = 120
REPORTING_TIME_LIMIT = 150
REPORTING_STALE_AFTER = env.int("REPORTING_STALE_AFTER", default=180)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "inspectorate.security.authentication.MFATokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Every filter set of the API narrows its choices through access.py (inspectorate/api/scoping.py).
    "DEFAULT_FILTER_BACKENDS": ["inspectorate.api.scoping.ScopedFilterBackend"],
    # JSON is the contract; the browsable API shows it without forms, whose choices would be data.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "inspectorate.api.scoping.FormlessBrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's, its choice of renderer kept per Accept header, format and renderers (inspectorate/api/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "inspectorate.api.negotiation.KeptContentNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inspectorate API",
    "DESCRIPTION": "Labour inspection case management: organisation, companies, complaints, inspections, reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation shows an example (inspectorate/api/examples.py, tests/architecture/test_api_examples.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "inspectorate.api.examples.add_examples",
    ],
    # One schema name per choice set, so clients see stable enum names.
    "ENUM_NAME_OVERRIDES": {
        "NormCategoryEnum": "inspectorate.choices.NormCategory",
        "RoleEnum": "inspectorate.choices.Role",
        "ComplaintStatusEnum": "complaints.choices.Status",
        "ComplaintOutcomeEnum": "complaints.choices.Outcome",
        "ChannelEnum": "complaints.choices.Channel",
        "ComplaintEventKindEnum": "complaints.choices.EventKind",
        "InspectionKindEnum": "inspections.choices.Kind",
        "InspectionStatusEnum": "inspections.choices.InspectionStatus",
        "SeverityEnum": "inspections.choices.Severity",
        "FindingStatusEnum": "inspections.choices.FindingStatus",
        "NoticeLevelEnum": "inspections.choices.NoticeLevel",
        "NoticeStatusEnum": "inspections.choices.NoticeStatus",
        "InvestigationStatusEnum": "inspections.choices.InvestigationStatus",
        # Language codes without labels (a report request, notification preferences).
        "LanguageCodeEnum": ["id", "en"],
        "InvestigationOutcomeEnum": "inspections.choices.InvestigationOutcome",
        "ReportKindEnum": "reporting.choices.ReportKind",
        "ReportStatusEnum": "reporting.choices.ReportStatus",
        "DraftStatusEnum": "deadlines.choices.DraftStatus",
        "AccidentReportSourceEnum": "accidents.choices.ReportSource",
        "DiseaseSourceEnum": "accidents.choices.DiseaseSource",
        "AccidentCodeListEnum": "accidents.choices.CodeList",
        "InjuredSexEnum": "accidents.choices.Sex",
        "StaffSexEnum": "inspectorate.choices.Sex",
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Idle sessions end after 30 minutes; every session ends 12 hours after login.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Django's database sessions, that save made one UPDATE without a transaction around it.
SESSION_ENGINE = "inspectorate.security.session_store"
SESSION_ABSOLUTE_AGE = env.int("DJANGO_SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Field work may use the camera and location of the device; nothing else is needed.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "browsing-topics": [],
}

# --- ops (issue 22): health, metrics, structured logs.
# /metrics answers only a scraper sending "Authorization: Bearer <METRICS_TOKEN>"; unset, it is a 404.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Seconds a client is told to wait (Retry-After) when the database is unavailable (templates/503.html).
UNAVAILABLE_RETRY_AFTER = env.int("UNAVAILABLE_RETRY_AFTER", default=30)
# "json": one JSON object per line with the request id (ops/jsonlog.py); "text": Django's plain lines.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "drop_template_context": {"()": "audit.log_filters.DropTemplateContext"},
        "request_id": {"()": "ops.jsonlog.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "ops.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    # At DEBUG, django.template would log whole page contexts (sealed identities included).
    "loggers": {
        "django.template": {"filters": ["drop_template_context"]},
        # One line per request (ops.middleware.RequestMetricsMiddleware), at INFO.
        "inspectorate.request": {"level": env("DJANGO_ACCESS_LOG_LEVEL", default="WARNING")},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
# --- end ops

# An empty filter choice reads "All" in the reader's language, not Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
