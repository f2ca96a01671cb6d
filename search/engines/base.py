"""What every search engine answers, whatever it runs on (search/engines/database.py,
search/engines/elasticsearch.py). Permission filtering happens before: the engine receives
`members=True` only for a signed-in member, and never sees applications at all."""

from dataclasses import dataclass, field
from datetime import datetime


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


class SearchUnavailable(Exception):
    """The search engine did not answer: the search page says so, the rest of the site works."""
