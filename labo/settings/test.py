"""The test suite: the real database (DATABASE_URL, PostgreSQL in CI; SQLite otherwise), the
real Redis cache on 127.0.0.1, the real search backend, tasks run immediately."""

import os

from .base import *

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
# Django's test runner forces DEBUG off, yet the suite logs in with the demo accounts as
# `make demo` does; the refusal itself is tested with this flag turned off.
DEMO_LOGIN_ENABLED = True
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No internet here: a tile server that refuses at once, so that the maps' fallback is what the
# browser journeys meet (a real provider would only time out).
PROJECT_MAP_TILES_URL = env("PROJECT_MAP_TILES_URL", default="http://127.0.0.1:9/{z}/{x}/{y}.png")
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
    CSP_SELF,
    "data:",
    "/".join(PROJECT_MAP_TILES_URL.split("/")[:3]),
]
# Each pytest worker has its own database, so its own files too: two workers' rows share
# ids, and a file one of them deletes must not be the file the other's row names.
_xdist_worker = env("PYTEST_XDIST_WORKER", default="gw0")
MEDIA_ROOT = os.path.join(
    env("TEST_MEDIA_ROOT", default=str(VAR_DIR / "test-media")), _xdist_worker
)
PRIVATE_MEDIA_ROOT = str(VAR_DIR / "test-private" / _xdist_worker)
STORAGES["private"] = {
    **STORAGES["private"],
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Tests that depend on a shared cache (throttles, rate limits) use a real Redis; each pytest
# worker gets its own database number so parallel runs never flush each other's keys.
_redis_db = 10 + int(_xdist_worker.removeprefix("gw") or 0)
CACHES = {
    "default": {
        "BACKEND": "labo.caching.backends.LaboRedisCache",
        "LOCATION": env("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_redis_db}"),
        "KEY_PREFIX": "labo-test",
    },
    "renditions": CACHES["renditions"],
    "counters": {
        "BACKEND": "labo.caching.backends.LaboRedisCache",
        "LOCATION": env("TEST_REDIS_URL", default=f"redis://127.0.0.1:6379/{_redis_db}"),
        "KEY_PREFIX": "labo-test",
    },
    "versioned": CACHES["versioned"],
    "pages": CACHES["pages"],
}
WAGTAILSEARCH_BACKENDS["default"].setdefault("AUTO_UPDATE", True)

# Every prepared query is built again and compared with the kept one (labo.prepared).
PREPARED_QUERIES_CHECK = True

# WhiteNoise serves from STATIC_ROOT and the finders; an empty folder keeps it quiet before
# the first collectstatic.
WHITENOISE_USE_FINDERS = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
