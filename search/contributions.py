"""What the search adds to the base's registries (called from SearchConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from labo.core import counters
from labo.core.health import HealthCheck, HealthReport, register_check, register_report
from search.models import SearchDocument
from search.outbox import writes_status
from search.selectors import engine
from search.services import record_search_hits


def _check_engine() -> str | None:
    """The engine behind /recherche/ (Elasticsearch when configured, the database otherwise):
    reachable, with an index made by this version of the code."""
    return engine().problem()


def _index_counts() -> dict:
    """The engine's documents beside the database's reference rows (search_searchdocument,
    what the index must hold): a gap that lasts means writes are not reaching Elasticsearch
    (see search_index_writes) or the index needs `update_index`."""
    searching = engine()
    return {
        "engine": searching.name,
        "documents": searching.document_count(),
        "database": SearchDocument.objects.count(),
    }


def _hits_apply(hits: dict[str, int]) -> None:
    for field, number in hits.items():
        day, _sep, query = field.partition("|")
        record_search_hits(query, day=day, number=number)


def register() -> None:
    register_check(HealthCheck("search", 20, _check_engine))
    # Writes to Elasticsearch still waiting in the outbox, and those refused five times or
    # more: reported, not a failure of the site (the database keeps the reference).
    register_report(HealthReport("search_index_writes", 10, writes_status))
    register_report(HealthReport("search_index", 11, _index_counts))
    counters.register_counter(
        counters.Counter(
            "search-hits",
            20,
            key=counters.SEARCH_HITS,
            apply=_hits_apply,
            summary=_("%(count)s recherches"),
        )
    )
