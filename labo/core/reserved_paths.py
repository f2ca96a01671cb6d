"""Slugs a page or a category may not take because a written-out route would hide it.

Read from the URL configuration itself, so that a route added under /forum/ or /agenda/
reserves its first segment without a list to keep by hand (and without the models importing
their app's urls, which import the views, which import the models).
"""

from django.urls import get_resolver


def fixed_first_segments(namespace: str) -> frozenset[str]:
    """The first segments of a namespace's routes that are written out: "moderation" for
    "moderation/<str:kind>/…", nothing for "<slug:slug>/"."""
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    segments = set()
    for pattern in resolver.url_patterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)
    return frozenset(segments)
