"""Production: every value from the environment, and no start with an unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if DEBUG:
    raise ImproperlyConfigured(
        "DEBUG est activé avec les réglages de production : retirez DEBUG de l'environnement."
    )
if (
    not SECRET_KEY
    or len(SECRET_KEY) < 50
    or SECRET_KEY.startswith(("django-insecure", "remplacez-moi"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY manque ou est trop courte (50 caractères aléatoires au moins) : "
        "définissez-la dans l'environnement."
    )
if not env("ALLOWED_HOSTS", default=""):
    raise ImproperlyConfigured("ALLOWED_HOSTS doit lister les noms de domaine servis.")

DEMO_LOGIN_ENABLED = False

# SECURITY
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Optional S3-compatible object storage for media (extra `s3`: django-storages).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    # Images are served from the bucket: let the pages (and the admin) show them.
    _bucket_origin = AWS_S3_ENDPOINT_URL or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        _policy["DIRECTIVES"]["img-src"].append(_bucket_origin)
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
# Application documents and previews in a bucket of their own, which no one reads without
# the platform's credentials (no public policy, private ACL): the views stream them after
# checking who asks; needed with several web nodes unless PRIVATE_MEDIA_ROOT is a shared folder.
AWS_PRIVATE_STORAGE_BUCKET_NAME = env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default="")
if AWS_PRIVATE_STORAGE_BUCKET_NAME:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_PRIVATE_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# EMAIL
# ------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))

# TASKS
# ------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# LOGGING
# ------------------------------------------------------------------------------
ADMINS = [("Admin", a) for a in env.list("ADMIN_EMAILS", default=[])]

# ERROR REPORTING
# ------------------------------------------------------------------------------
# Optional: unhandled errors and error logs sent to Sentry (or GlitchTip, which speaks the same
# protocol) when SENTRY_DSN is set; extra `sentry` (sentry-sdk 3). No personal data is sent:
# no user, cookies, request body, query string nor local variables, only the traceback and the
# path (labo.core.error_reporting). Off by default.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from labo.core.error_reporting import error_reporting_start

    error_reporting_start(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
