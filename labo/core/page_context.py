"""What a page type adds to its template's context.

A page model's `get_context` needs its app's selectors, and the selectors read the models: the
model cannot import them without a cycle. So each app registers the reader of its page types
from its `contributions.py` (as it does its home section), and the page, through
`ContextFromSelectors`, asks this registry by its model's label.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from labo.registry import Registry


@dataclass(frozen=True)
class PageContext:
    # The page model's label, "events.EventPage".
    name: str
    # read(request, page) -> the names the page's template reads.
    read: Callable[[HttpRequest, object], dict]
    order: int = 0


page_contexts: Registry[PageContext] = Registry("page contexts")


def register_page_context(label: str, read: Callable[[HttpRequest, object], dict]) -> None:
    page_contexts.register(PageContext(name=label, read=read))


class ContextFromSelectors:
    """Mixin for page models whose template needs more than the page itself."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entry = page_contexts.get(self._meta.label)
        if entry is None:
            raise ImproperlyConfigured(
                f"{self._meta.label} has no page context: register one from its app's "
                "contributions.py (labo.core.page_context.register_page_context)."
            )
        context.update(entry.read(request, self))
        return context
