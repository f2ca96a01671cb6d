"""Local development and `make demo`: DEBUG on, everything embedded."""

from .base import *

DEBUG = env.bool("DEBUG", default=True)
# `make demo` serves with DEBUG off (the site's own error pages, as in production) and keeps
# the demo accounts: these settings never run in production (labo.settings.production).
DEMO_LOGIN_ENABLED = env.bool("DEMO_LOGIN_ENABLED", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-labo-habitat-des-communs")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# A template being edited shows at once; PAGE_CACHE_SECONDS=600 tries the production behaviour.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

# WhiteNoise serves from STATIC_ROOT and the finders; an empty folder keeps it quiet before
# the first collectstatic.
WHITENOISE_USE_FINDERS = True
# Files edited while `make demo` runs (with DEBUG off) are served as they are now, not with
# the length they had at start-up.
WHITENOISE_AUTOREFRESH = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
