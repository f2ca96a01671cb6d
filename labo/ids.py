"""Ids read from outside (a request, a session), checked before any query sees them."""

LARGEST_ID = 2**63 - 1


def database_id(value) -> int | None:
    """An id read from a request, or None when it cannot be one: not a decimal number, or too
    large for the database (SQLite raises an error on integers above 2**63 instead of finding
    no row; a prepared query's parameter would reach PostgreSQL as an out-of-range value)."""
    text = str(value or "").strip()
    if not text.isdecimal() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None
