"""The benchmark runs the production settings (DEBUG off, database tasks, Redis cache) against
its own PostgreSQL database, on plain HTTP on the loopback."""

import os

os.environ.setdefault("BENCH_DATABASE", "labo_bench")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{os.environ['BENCH_DATABASE']}"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
# One cache namespace per database: the demo and the national data must not share menus.
os.environ.setdefault("CACHE_KEY_PREFIX", os.environ["BENCH_DATABASE"])
os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "b3nch" * 10)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8100")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8100")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("EMAIL_URL", "dummymail://")

from labo.settings.production import *

# wrk speaks plain HTTP to the loopback.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# `make bench`'s third mode: every cache empty, so that the platform's own core is measured
# (bench/run.py, « caches empty »).
# The counters' alias is Redis used as a store, not a cache (labo.core.counters): kept.
if os.environ.get("BENCH_CACHES") == "empty":
    CACHES = {
        alias: config
        if alias == "counters"
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        for alias, config in CACHES.items()
    }
