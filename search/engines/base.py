"""What every search engine answers, whatever it runs on (search/engines/database.py,
search/engines/elasticsearch.py). Permission filtering happens before: the engine receives
`members=True` only for a signed-in member, and never sees applications at all."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SearchRequest:
    query: str
    members: bool = False
    kind: str = ""
    departement: str = ""
    theme: str = ""
    periode: str = ""
    sort: str = "pertinence"
    page: int = 1
    page_size: int = 10


@dataclass
class SearchHit:
    kind: str
    title: str
    url: str
    excerpt: str  # safe HTML: escaped text with <mark> around the matched words
    date: datetime | None = None
    departement: str = ""


@dataclass
class SearchResponse:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str = ""


PERIODS = ("a-venir", "30-jours", "annee", "plus-ancien")


class Engine(Protocol):
    """What search.selectors.engine() gives: DatabaseEngine or ElasticsearchEngine."""

    name: str

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def suggest(self, query: str, *, members: bool, limit: int = 8) -> list[dict]: ...

    def problem(self) -> str | None:
        """Why searches would fail now (for /sante/), or None."""

    def document_count(self) -> int:
        """How many documents the engine answers from (for /sante/, beside the database's)."""


class SearchUnavailable(Exception):
    """The search engine did not answer: the search page says so, the rest of the site works."""


class IndexRebuildFailed(Exception):
    """A rebuild left the live index in service: some documents were refused."""

    def __init__(self, failures: int, first_error: str):
        super().__init__(f"{failures} documents refused by Elasticsearch; first: {first_error}")
        self.failures = failures
