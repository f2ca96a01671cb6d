"""Counters bumped by page views (a thread's views, the searches behind Rapports › Recherches),
added up in Redis and written to the database by a periodic job (`manage.py flush_counters`).

Writing them on each request cost an UPDATE (a search: three queries) on pages that are
otherwise read-only, and the row lock of a popular thread. Redis adds them up atomically
(`HINCRBY`); the job takes each hash whole (`RENAME`, so that views counted meanwhile start a
new one), applies the sums in one transaction and only then drops them. Without Redis (the
embedded default), the counts are written at once, as before.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone
from redis.exceptions import ResponseError

from labo.registry import Registry

ALIAS = "counters"  # settings.CACHES: Redis, as the default cache, under its own name
THREAD_VIEWS = "labo:counters:thread-views"
SEARCH_HITS = "labo:counters:search-hits"


@dataclass(frozen=True)
class Counter:
    """A counter an app bumps with `count()`, and how `flush_counters` writes what it added
    up (registered from the app's `AppConfig.ready()`)."""

    name: str
    order: int
    key: str
    # Writes {field: number} to the database.
    apply: Callable[[dict[str, int]], None]
    # « %(count)s vues de sujets », for the command's report.
    summary: str


counters: Registry[Counter] = Registry("counters")


def register_counter(entry: Counter) -> None:
    counters.register(entry)


def _redis():
    """The Redis client behind the counters' alias, or None (local memory: no Redis)."""
    redis_client = getattr(caches[ALIAS], "redis_client", None)
    return redis_client() if redis_client else None


def count(counter: str, field: str, apply_now) -> None:
    """One more for `field` of `counter`; `apply_now(1)` when there is no Redis."""
    redis = _redis()
    if redis is None:
        apply_now(1)
        return
    redis.hincrby(caches[ALIAS].make_key(counter), field, 1)


@contextmanager
def taken(counter: str):
    """Everything counted so far, as {field: number}: set aside at once (later views start a
    new count) and dropped only once the block that writes it has succeeded."""
    redis = _redis()
    if redis is None:
        yield {}
        return
    key = caches[ALIAS].make_key(counter)
    pending = f"{key}:flushing:{timezone.now().timestamp()}"
    try:
        redis.rename(key, pending)
    except ResponseError:  # no such key: nothing was counted since the last run
        yield {}
        return
    values = redis.hgetall(pending)
    yield {_text(field): int(number) for field, number in values.items()}
    redis.delete(pending)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
