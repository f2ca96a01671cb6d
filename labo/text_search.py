"""The text box of the directory, the library and the agenda: Wagtail's search over one list,
as the ids of what matches (the unified search of all content is the `search` app)."""

import re

from django.db import OperationalError, connection

MATCHES_LIMIT = 2000


def matching_ids(queryset, query: str, *, limit: int = MATCHES_LIMIT) -> list[int]:
    """Ids of the pages of `queryset` that hold every word of `query`, best first.

    SQLite's full-text index (the embedded default) reads quotes, dots and other punctuation
    as its own query syntax and refuses what it cannot parse; there, a refused query is asked
    again with its words alone, so that whatever someone types gives results, never an error.
    """
    try:
        return [page.pk for page in queryset.search(query, operator="and")[:limit]]
    except OperationalError:
        if connection.vendor != "sqlite":
            raise
    words = " ".join(re.findall(r"\w+", query))
    if not words:
        return []
    return [page.pk for page in queryset.search(words, operator="and")[:limit]]
