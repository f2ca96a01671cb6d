"""Settings shared by every environment.

Every value that differs between machines comes from the environment (see .env.example and
docs/operations.md); the defaults give the embedded set-up: SQLite, database search, tasks run
immediately, e-mails on the console.
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# GENERAL
# ------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Who reads /sante/'s figures beside its status (version, migrations, task queue, search
# index): addresses or networks, comma-separated. Loopback by default: the container's own
# healthcheck and an operator on the server; add the monitoring's network.
HEALTH_DETAILS_NETWORKS = [
    ipaddress.ip_network(network.strip(), strict=False)
    for network in env.list("HEALTH_DETAILS_IPS", default=["127.0.0.1/32", "::1/128"])
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

SITE_ID = 1
WAGTAIL_SITE_NAME = "Labo de l'habitat des communs"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_URL = WAGTAILADMIN_BASE_URL

# DATABASES
# ------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL in production and CI; without it the embedded SQLite file.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'labo.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRESQL:
    # PostgreSQL's default cost of a random read (4) is a spinning disk's: with the data in
    # memory or on SSD it joins the few rows a page lists through a full scan of Wagtail's
    # page table (the agenda's counts: 15 ms instead of 3.6 ms on bench data). Per connection,
    # so that it needs no rights on the server.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}"
    )
    # Parameters bound by the server: psycopg then prepares a query a connection runs again
    # and again (every page's first few), and PostgreSQL plans it once instead of each time.
    # Off behind a pooler in transaction mode (PgBouncer), which cannot keep prepared plans.
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "labo.urls"
WSGI_APPLICATION = "labo.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # widget templates for the TemplatesSetting form renderer
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "labo.accounts.apps.LaboUsersAppConfig",  # wagtail.users with our user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
]
LOCAL_APPS = [
    "labo.accounts",
    "labo.core",
    "labo.notifications",
    "labo.reports",
    "events",
    "projects",
    "resources",
    "forum",
    "conversations",
    "search",
    "announcements",
]
# "search" comes before Wagtail so that its update_index (Wagtail's, plus the unified index
# of /recherche/) is the command manage.py runs.
INSTALLED_APPS = (
    DJANGO_APPS + ["search"] + THIRD_PARTY_APPS + [app for app in LOCAL_APPS if app != "search"]
)

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "labo.accounts.backends.LaboAuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The demo accounts share one published password; it is only accepted where demo logins are
# enabled, which production settings forbid (labo.accounts.backends).
DEMO_PASSWORD = "labo-demo-2025"  # noqa: S105 (published on purpose, refused in production)
DEMO_LOGIN_ENABLED = DEBUG
# Demo accounts live under this reserved domain (RFC 2606: no real address can end with it).
DEMO_EMAIL_DOMAIN = "labo.test"

# django-allauth: e-mail is the login, verification is mandatory.
ACCOUNT_ADAPTER = "labo.accounts.adapter.LaboAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "labo.accounts.signup_forms.SignupExtraFieldsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Labo des communs] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_FORMS = {"add_email": "labo.accounts.forms.ChangeEmailWithPasswordForm"}
# Failed logins are throttled by labo.accounts.throttling (per IP, per account and IP pair,
# with trusted-device cookies), which an attacker cannot turn into a victim's lock-out;
# allauth's own per-e-mail counter would do exactly that, so it is switched off.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LOGIN_THROTTLE = {
    "WINDOW_SECONDS": 15 * 60,
    "PER_IP": 30,
    "PER_ACCOUNT_AND_IP": 5,
    "PER_ACCOUNT_UNTRUSTED": 50,
    "PER_TRUSTED_DEVICE": 10,
    "DEVICE_COOKIE_AGE": 180 * 24 * 3600,
    # Wrong two-factor codes per account and window (a six-digit code cannot be guessed in 5).
    "TWO_FACTOR_PER_ACCOUNT": 5,
}

# Two-factor authentication (allauth.mfa): TOTP with recovery codes, open to every member and
# required for staff and partners (labo.accounts.two_factor).
MFA_ADAPTER = "labo.accounts.two_factor.LaboMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Labo de l'habitat des communs"
MFA_FORMS = {
    "authenticate": "labo.accounts.two_factor.ThrottledAuthenticateForm",
    "reauthenticate": "labo.accounts.two_factor.ThrottledReauthenticateForm",
}

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    # /sante/ answers here, before the Host header is checked (labo.core.middleware).
    "labo.core.middleware.HealthCheckMiddleware",
    # The versions of the caches, read once per request (labo.caching.versions).
    "labo.caching.versions.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a hit reads this process's memory and nothing else.
    "labo.caching.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "labo.core.csp.LaboCSPMiddleware",
    "labo.core.middleware.PrivateCacheControlMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "labo.accounts.middleware.TwoFactorRequiredMiddleware",
    # The days a member comes, for the forum's trust levels (once per day and session).
    "forum.middleware.ForumVisitMiddleware",
    "labo.core.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Application documents: outside MEDIA_ROOT, served only through a permission-checked view.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
APPLICATION_DOCUMENT_MAX_BYTES = 15 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files only a permission-checked view serves (labo.core.storage.private_storage): a folder
    # outside MEDIA_ROOT, or a private bucket in production (AWS_PRIVATE_STORAGE_BUCKET_NAME).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "labo.core.context_processors.site_chrome",
            ],
        },
    }
]
FORM_RENDERER = "labo.core.forms.LaboFormRenderer"

# CACHES
# ------------------------------------------------------------------------------
# Redis is shared by every web worker: rate limits and login throttling only hold when all
# workers count in the same place.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "labo.caching.backends.LaboRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="labo"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Counters added up in Redis (labo.core.counters: thread views, searches) are not a cache:
# their own alias, the same server, so that a measurement with every cache empty (bench/)
# still counts the way production does.
CACHES["counters"] = dict(CACHES["default"])
# Wagtail writes each image rendition it shows to its cache, even one it already had in hand
# (12 writes for a page of project cards): in each process's memory, not over the network.
# Its keys change with the image, so a few minutes are safe.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# What is kept under a version key never changes (labo.caching.local): each process
# keeps a copy of the latest few hundred in memory, in front of Redis.
CACHES["versioned"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 300},
}

# The anonymous page cache's copy of visitors' pages in each process, and the content version
# as the process read it a tenth of a second ago at most (labo.caching.page_cache): a stored
# page is served without a round trip to Redis. Pages of 128 KB at most, 150 of them.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 150},
}

# Anonymous page cache (labo.caching.page_cache): how long a visitor's page may be kept at
# most; any visible write drops it sooner. 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# Prepared queries (labo.prepared): built again and compared on every call when on. The
# test suite turns it on to prove each builder depends on its arguments alone.
PREPARED_QUERIES_CHECK = False

# SEARCH
# ------------------------------------------------------------------------------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Prefix of the indexes: "<prefix>-recherche" (the site's search, an alias over versioned
# indexes) and "<prefix>-wagtail-…" (Wagtail's admin search).
ELASTICSEARCH_INDEX = env("ELASTICSEARCH_INDEX", default="labo")
# A cluster of Elasticsearch 8 runs TLS with its own certificate authority: give either its CA
# certificate (a path, e.g. the http_ca.crt Elasticsearch made) or its SHA-256 fingerprint.
ELASTICSEARCH_API_KEY = env("ELASTICSEARCH_API_KEY", default="")
ELASTICSEARCH_CA_CERTS = env("ELASTICSEARCH_CA_CERTS", default="")
ELASTICSEARCH_FINGERPRINT = env("ELASTICSEARCH_FINGERPRINT", default="")
# Seconds a page waits for a search; a rebuild's bulk loads wait longer.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=3.0)
ELASTICSEARCH_BULK_TIMEOUT = env.float("ELASTICSEARCH_BULK_TIMEOUT", default=120.0)
# After a cluster failed to answer, each process stops asking it for this many seconds (the
# search page says search is unavailable) instead of waiting for a timeout on every request.
ELASTICSEARCH_RETRY_AFTER = env.int("ELASTICSEARCH_RETRY_AFTER", default=30)
if ELASTICSEARCH_URL:
    _es_url = urlsplit(ELASTICSEARCH_URL)
    if _es_url.scheme not in ("http", "https") or not _es_url.hostname:
        raise ImproperlyConfigured(
            "ELASTICSEARCH_URL must be a full address with its scheme, such as "
            f"https://search.example.org:9200 (got {ELASTICSEARCH_URL!r})."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX}-wagtail-",
            "TIMEOUT": 5,
            "OPTIONS": {
                key: value
                for key, value in {
                    "api_key": ELASTICSEARCH_API_KEY,
                    "ca_certs": ELASTICSEARCH_CA_CERTS,
                    "ssl_assert_fingerprint": ELASTICSEARCH_FINGERPRINT,
                }.items()
                if value
            },
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "analyzer": {
                            "default": {"type": "french"},
                        }
                    }
                }
            },
        }
    }
else:
    # On PostgreSQL this is full text search with the French configuration; on SQLite, FTS5.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": "french",
        }
    }

# TASKS
# ------------------------------------------------------------------------------
# Immediate by default (embedded, tests); production runs the database backend and a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Labo de l'habitat des communs <labo@cress-occitanie.org>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Labo des communs] "

# WAGTAIL
# ------------------------------------------------------------------------------
WAGTAILADMIN_LOGIN_URL = "/compte/login/"
# Pages and documents restricted to signed-in people send visitors to the site's login.
WAGTAIL_FRONTEND_LOGIN_URL = "/compte/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "xlsx", "ods", "pptx", "odp", "csv"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.forms.SafeDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document is served as a download (attachment): nothing uploaded is ever rendered by
# the browser on our domain, PDFs included.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No request to Gravatar from the admin: the site's own CSP blocks it (broken images) and it
# would tell a third party who opens the admin. Wagtail's default avatar, or the photo uploaded
# in the admin's account settings.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_HITS_MAX_AGE = 30
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 50
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# PROJECTS
# ------------------------------------------------------------------------------
# How long an e-mail invitation to join a project team stays valid (seconds).
PROJECT_INVITATION_MAX_AGE = 14 * 24 * 3600
# An interactive map of the projects is shown only with a tile server the operator chose
# (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, with its attribution and usage policy).
# The maps' background tiles: OpenStreetMap's standard tile server by default (its usage
# policy asks for the attribution and a moderate use; a busy site sets its own provider).
# Where tiles cannot load (no internet, the provider down), the maps fall back to the outlines
# of the départements (static/js/maps.js).
PROJECT_MAP_TILES_URL = env(
    "PROJECT_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
PROJECT_MAP_TILES_ATTRIBUTION = env(
    "PROJECT_MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs '
    "d'OpenStreetMap</a>",
)

# COMMENTS (forum replies, see forum/)
# ------------------------------------------------------------------------------
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "forum.models.Reply"
# A reply, and replies to a reply: two levels, as on Discourse's threaded view.
COMMENTS_XTD_MAX_THREAD_LEVEL = 1
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")

# FORUM (Discourse-like limits; see forum/limits.py)
# ------------------------------------------------------------------------------
FORUM_REPLIES_PER_PAGE = env.int("FORUM_REPLIES_PER_PAGE", default=30)
FORUM_THREADS_PER_PAGE = 25
# A member at trust level 0 (forum.trust) keeps the new-account limits: so many threads,
# replies and links over this many hours.
FORUM_NEW_ACCOUNT_HOURS = env.int("FORUM_NEW_ACCOUNT_HOURS", default=24)
FORUM_NEW_ACCOUNT_MAX_THREADS = env.int("FORUM_NEW_ACCOUNT_MAX_THREADS", default=3)
FORUM_NEW_ACCOUNT_MAX_REPLIES = env.int("FORUM_NEW_ACCOUNT_MAX_REPLIES", default=10)
FORUM_NEW_ACCOUNT_MAX_LINKS = env.int("FORUM_NEW_ACCOUNT_MAX_LINKS", default=2)
# Seconds an account waits between two posts.
FORUM_POST_INTERVAL = env.int("FORUM_POST_INTERVAL", default=15)
FORUM_EDIT_WINDOW_MINUTES = env.int("FORUM_EDIT_WINDOW_MINUTES", default=60)
FORUM_AUTO_HIDE_FLAGS = 3
# What a member must have done to reach each trust level (forum.trust), as Discourse's TL1 and
# TL2: days on which they came, posts read (opening posts and replies shown to them), replies
# chosen as a thread's solution. Level 1 lifts the new-account limits; level 2 the wait
# between two posts.
FORUM_TRUST_LEVELS = {
    1: {
        "days_visited": env.int("FORUM_TRUST_1_DAYS", default=2),
        "posts_read": env.int("FORUM_TRUST_1_POSTS_READ", default=10),
        "replies_accepted": 0,
    },
    2: {
        "days_visited": env.int("FORUM_TRUST_2_DAYS", default=10),
        "posts_read": env.int("FORUM_TRUST_2_POSTS_READ", default=60),
        "replies_accepted": env.int("FORUM_TRUST_2_REPLIES_ACCEPTED", default=1),
    },
}
# Reactions a member may give in an hour (toggling one off counts too).
FORUM_REACTIONS_PER_HOUR = env.int("FORUM_REACTIONS_PER_HOUR", default=120)

# ANNOUNCEMENTS: recipients per background task (announcements/delivery.py).
ANNOUNCEMENTS_BATCH_SIZE = env.int("ANNOUNCEMENTS_BATCH_SIZE", default=200)

# PRIVATE CONVERSATIONS (conversations/limits.py: the forum's limits, and these)
# ------------------------------------------------------------------------------
CONVERSATIONS_MAX_RECIPIENTS = env.int("CONVERSATIONS_MAX_RECIPIENTS", default=10)
# A member at trust level 0: so many conversations a day, with so many people at most.
CONVERSATIONS_NEW_ACCOUNT_MAX_PER_DAY = env.int("CONVERSATIONS_NEW_ACCOUNT_MAX_PER_DAY", default=3)
CONVERSATIONS_NEW_ACCOUNT_MAX_RECIPIENTS = env.int(
    "CONVERSATIONS_NEW_ACCOUNT_MAX_RECIPIENTS", default=2
)

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions read from the cache (Redis in production), written through to the database: a
# signed-in request costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (labo/core/csp.py). Scripts: our files, or an inline script carrying
# the request's nonce (there is none today). Frames: video platforms of the resources' embeds.
CSP_FRAME_SOURCES = env.list(
    "CSP_FRAME_SOURCES",
    default=[
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
        "https://peertube.fr",
    ],
)
_TILE_ORIGIN = "/".join(PROJECT_MAP_TILES_URL.split("/")[:3]) if PROJECT_MAP_TILES_URL else ""
_MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if MEDIA_URL.startswith("http") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"] + [o for o in (_TILE_ORIGIN, _MEDIA_ORIGIN) if o],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-src": CSP_FRAME_SOURCES,
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, "'unsafe-inline'"],
        "style-src": [CSP_SELF, "'unsafe-inline'"],
        "img-src": [CSP_SELF, "data:", "blob:"] + [o for o in (_MEDIA_ORIGIN,) if o],
        "connect-src": [CSP_SELF],
        "frame-src": [CSP_SELF] + CSP_FRAME_SOURCES,
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_SELF],  # the editor previews pages in a frame
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# LOGGING
# ------------------------------------------------------------------------------
# LOG_FORMAT=json writes one JSON object per line (labo.core.log_format), for a log collector.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT vaut « plain » ou « json ».")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "labo.core.log_format.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
