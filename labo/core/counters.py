"""Counters bumped by page views (a thread's views, the searches behind Rapports › Recherches),
added up in Redis and written to the database by a periodic job (`manage.py flush_counters`).

Writing them on each request cost an UPDATE (a search: three queries) on pages that are
otherwise read-only, and the row lock of a popular thread. Redis adds them up atomically
(`HINCRBY`); the job takes each hash whole (`RENAME`, so that views counted meanwhile start a
new one) and applies the sums in one transaction. Without Redis (the embedded default), the
counts are written at once, as before.
"""

from django.core.cache import cache
from django.utils import timezone

THREAD_VIEWS = "labo:counters:thread-views"
SEARCH_HITS = "labo:counters:search-hits"


def _redis():
    """The Redis client behind the default cache, or None (local memory cache)."""
    client = getattr(cache, "_cache", None)
    return client.get_client(write=True) if hasattr(client, "get_client") else None


def count(counter: str, field: str, apply_now) -> None:
    """One more for `field` of `counter`; `apply_now(1)` when there is no Redis."""
    redis = _redis()
    if redis is None:
        apply_now(1)
        return
    redis.hincrby(cache.make_key(counter), field, 1)


def take(counter: str) -> dict[str, int]:
    """Everything counted so far, emptied: what the periodic job writes."""
    redis = _redis()
    if redis is None:
        return {}
    key = cache.make_key(counter)
    pending = f"{key}:flushing:{timezone.now().timestamp()}"
    try:
        redis.rename(key, pending)
    except Exception as error:  # nothing was counted since the last run
        if "no such key" in str(error).lower():
            return {}
        raise
    values = redis.hgetall(pending)
    redis.delete(pending)
    return {_text(field): int(number) for field, number in values.items()}


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
