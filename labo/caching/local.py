"""A copy in each process's memory of what is kept under a version key.

A key that holds the content version or the layout version (`labo.caching.versions`) names one
value for ever: when content or the layout changes, the version moves on and new keys are used,
the old ones are simply no longer asked for. Such values can be copied into each worker's
memory without ever going stale, which saves a round trip to Redis for each of them (a page
read ten of them). Only the versions themselves, and what is not keyed by one, are read from
Redis on each request.

The copy is bounded (`CACHES["versioned"]`: a few hundred entries, a few minutes).
"""

from django.core.cache import cache, caches

LOCAL_ALIAS = "versioned"


def get(key: str):
    local = caches[LOCAL_ALIAS]
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.set(key, value)
    return value


def set(key: str, value, timeout: int | None) -> None:  # noqa: A001 (a cache's verb)
    cache.set(key, value, timeout)
    caches[LOCAL_ALIAS].set(key, value)
