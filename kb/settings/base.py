"""Settings shared by every environment, safe for production as they stand.

Every environment variable the project reads is read here, and only here; `.env.example`
documents each one. DEBUG is off and SECRET_KEY has no default: `dev.py` and `test.py`
relax that for local work, `production.py` refuses to start without them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from kb.security import PUBLIC_DIRECTIVES

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Read here with the rest; only production.py applies it (development serves plain HTTP).
PRODUCTION_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)

INSTALLED_APPS = [
    "home",
    "practices",
    "search",
    "translation",
    "dashboard",
    "reports",
    "imports",
    "alerts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    # The JSON API (search/api/): django-ninja serves its documentation from our static
    # files when installed; django-cors-headers opens it to other origins.
    "ninja",
    "corsheaders",
    # Security: the Content-Security-Policy (kb/security.py) and admin login lockouts.
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First, so that every log line of the request names its client (kb/client_address.py).
    "kb.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kb.security.ContentSecurityPolicyMiddleware",
    # Before anything that may answer an /api/ request, so that every such answer is JSON,
    # cacheable and open to other origins (search/api/http.py).
    "corsheaders.middleware.CorsMiddleware",
    "search.api.http.ApiMiddleware",
    # Per client, on every path under /api/, whatever view serves it (kb/api_rate_limit.py).
    "kb.api_rate_limit.ApiRateLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, which leaves the API's 404s alone (search/api/http.py).
    "search.api.http.PagesLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://kb:kb@127.0.0.1:5433/kb"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6380/1")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            # The cache is an optimisation: pages keep rendering while Redis is down.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
}
# Sessions live in the database so that logins and admin edits survive a Redis outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "kb" / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Where processes write their caches (the dictionaries' lookup file, search/dictionaries.py),
# out of the code tree, which is read-only in the image; the Dockerfile sets /var/cache/kb.
DATA_CACHE_DIR = Path(os.environ.get("DATA_CACHE_DIR", BASE_DIR / ".cache"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "knowledge-base@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Good Practice Knowledge Base"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# wagtail-localize runs its background jobs (tree synchronisation, subtree translation)
# on our Celery workers rather than inside the request.
WAGTAILLOCALIZE_JOBS = {"BACKEND": "translation.jobs.CeleryJobBackend"}
# The admin's own page search stays on the database; the public index is ours (search/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Refuses documents whose content does not match their extension (practices/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practices.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True

# Search
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "kb")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
# Seconds during which searches go straight to PostgreSQL after Elasticsearch could not be
# reached (search/service.py).
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "5"))
# Search index layout (search/documents.py): one shard holds the whole corpus comfortably.
ELASTICSEARCH_INDEX_SHARDS = int(os.environ.get("ELASTICSEARCH_INDEX_SHARDS", "1"))
ELASTICSEARCH_INDEX_REPLICAS = int(os.environ.get("ELASTICSEARCH_INDEX_REPLICAS", "0"))

# Health probes (kb/health.py): how long /healthz and /healthz/ready wait for the components
# before reporting those that have not answered as failing. Half a second: a healthy local
# service answers in milliseconds, a busy host's fresh database connection can take a few
# hundred, and the answer still beats a load balancer's usual 1 s probe timeout.
HEALTH_CHECK_DEADLINE_SECONDS = float(os.environ.get("HEALTH_CHECK_DEADLINE_SECONDS", "0.5"))

# Machine translation (translation/translators/): "apertium", "deepl", "libretranslate" or
# "none" (every translation waits for a person).
MACHINE_TRANSLATOR = os.environ.get("MACHINE_TRANSLATOR", "apertium")
MACHINE_TRANSLATION_TIMEOUT = float(os.environ.get("MACHINE_TRANSLATION_TIMEOUT", "30"))
# Requests per minute to the remote provider, shared by every worker; 0 leaves the
# translator's own default (translation/translators/ratelimit.py).
MACHINE_TRANSLATION_REQUESTS_PER_MINUTE = int(
    os.environ.get("MACHINE_TRANSLATION_REQUESTS_PER_MINUTE", "0")
)
# Translation jobs retry an unavailable translator after 2^n times this many seconds
# (with jitter, at most an hour), and give up as "failed" after this many retries.
MACHINE_TRANSLATION_RETRY_BACKOFF = float(os.environ.get("MACHINE_TRANSLATION_RETRY_BACKOFF", "30"))
MACHINE_TRANSLATION_MAX_RETRIES = int(os.environ.get("MACHINE_TRANSLATION_MAX_RETRIES", "8"))
APERTIUM_URL = os.environ.get("APERTIUM_URL", "http://127.0.0.1:2737")
DEEPL_API_URL = os.environ.get("DEEPL_API_URL", "https://api.deepl.com")
DEEPL_AUTH_KEY = os.environ.get("DEEPL_AUTH_KEY", "")
LIBRETRANSLATE_URL = os.environ.get("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = os.environ.get("LIBRETRANSLATE_API_KEY", "")

# Celery
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6380/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "celery"
# A task unacknowledged this long (its worker died) is delivered again; the fault tests
# (tests/faults/) shorten it to see a killed worker's jobs come back.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Workers sweep for such tasks every tenth of the timeout (at most every 10 s), rather
    # than kombu's default of every 100 s, so a short timeout takes effect as set.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses the broker keeps trying to reconnect, for as long as the outage lasts:
# Celery's default gives up after 100 tries and the worker exits. Tasks it was running are
# cancelled and, acknowledged late, delivered again once the broker is back.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Search index jobs (search/tasks.py) have their own queue, so a backlog of them never
# delays other work, and a worker can be dedicated to them.
CELERY_TASK_ROUTES = {
    "search.tasks.*": {"queue": "indexing"},
    # Machine translation jobs (translation/tasks.py) and wagtail-localize's own background
    # jobs, which translation/jobs.py hands to Celery.
    "translation.tasks.*": {"queue": "translation"},
}
# Periodic repairs of what a job lost while the broker was unreachable would have done: the
# index reconcile (search/tasks.py) and the queueing of missing translations
# (translation/tasks.py).
CELERY_BEAT_SCHEDULE = {
    "reconcile-search-index": {
        "task": "search.tasks.reconcile_index",
        "schedule": crontab(minute="*/15"),
    },
    "queue-missing-translations": {
        "task": "translation.tasks.queue_missing_translations",
        "schedule": crontab(minute="*/15"),
    },
    # What visitors search for, counted in Redis (search/analytics.py), into the database.
    "flush-search-counts": {
        "task": "search.analytics.flush_search_counts",
        "schedule": crontab(minute="*"),
    },
    # The digests of the e-mail alerts that are due (alerts/tasks.py).
    "queue-alert-digests": {
        "task": "alerts.tasks.queue_alert_digests",
        "schedule": crontab(minute=7),
    },
}
# Days the per-day search counts are kept (search/analytics.py).
SEARCH_ANALYTICS_RETENTION_DAYS = int(os.environ.get("SEARCH_ANALYTICS_RETENTION_DAYS", "400"))

# The read-only JSON API is open to every origin, for GET only and without credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Who may do what
LOGIN_URL = "wagtailadmin_login"

# Security. The policy itself, and why the admin's is looser, are in kb/security.py;
# production.py adds HTTPS-only cookies, HSTS and the SSL redirect.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": PUBLIC_DIRECTIVES}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Admin login: 5 failures for one username from one address lock that pair out for 15
# minutes (counted in the database, so a Redis outage does not lift the limit); while locked
# out even the right password is refused. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False  # no start-up banner in every management command's output
PROPOSAL_RATE_LIMIT = os.environ.get("PROPOSAL_RATE_LIMIT", "5/h")
# E-mail alert subscriptions (alerts/views.py), per client address and per e-mail address.
ALERT_RATE_LIMIT = os.environ.get("ALERT_RATE_LIMIT", "10/h")
ALERT_ADDRESS_RATE_LIMIT = os.environ.get("ALERT_ADDRESS_RATE_LIMIT", "3/h")
# Requests a minute to the JSON API (/api/) from one client address.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")
# How many reverse proxies in front of the site append to X-Forwarded-For: 0 when clients
# reach the site directly (development), 1 behind docker-compose's proxy. The client's
# address, for the rate limits, the login lockouts and the logs, is read accordingly
# (kb/client_address.py), so that a client cannot choose it by sending the header itself.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "kb.client_address.client_address"
AXES_CLIENT_IP_CALLABLE = "kb.client_address.client_address"
# With Redis down the limit cannot be counted: let proposals through (the honeypot still
# stands) rather than refuse every visitor during an outage.
RATELIMIT_FAIL_OPEN = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_address": {"()": "kb.client_address.ClientAddressLogFilter"}},
    "formatters": {
        "with_client": {"format": "%(levelname)s %(name)s [%(client_address)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_address"],
            "formatter": "with_client",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        # Wagtail runs its own small jobs through django-tasks; one log line each is noise.
        "django_tasks": {"level": "WARNING"},
    },
}

KB_DEMO_CONTENT = False
