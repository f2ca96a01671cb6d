"""What the base gathers from every app without importing one: the home page's sections, the
demo site's steps, the health checks, a member's personal data, the header's counts.

Each app registers its part from its `AppConfig.ready()`, as `admin.site.register` and
sitemaps do; the base reads the registry in order. Registering a name twice replaces the
first entry (an app's `ready()` can run again in tests).
"""

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Entry(Protocol):
    name: str
    order: int


E = TypeVar("E", bound=Entry)


class Registry(Generic[E]):
    def __init__(self, what: str):
        self.what = what
        self._entries: dict[str, E] = {}

    def register(self, entry: E) -> E:
        self._entries[entry.name] = entry
        return entry

    def __iter__(self) -> Iterator[E]:
        return iter(sorted(self._entries.values(), key=lambda entry: (entry.order, entry.name)))

    def get(self, name: str) -> E | None:
        return self._entries.get(name)

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {', '.join(e.name for e in self)}>"
