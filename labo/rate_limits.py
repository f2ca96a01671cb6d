"""Counting a client's attempts over a fixed window, in the shared cache (so that every web
node counts the same): failed logins, contact messages, guests' registration requests."""

from django.core.cache import cache


def hit(key: str, *, window: int) -> int:
    """Count one attempt under `key` and return how many there were in the window. The window
    starts at the first attempt and is not extended by later ones (add() then incr()), so a
    blocked client is free again `window` seconds after it began."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
