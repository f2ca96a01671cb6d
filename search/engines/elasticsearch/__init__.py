"""The Elasticsearch 8 engine: connection (shared client, circuit breaker), mappings (the
index, its versions and its alias), queries (pure request bodies) and the engine itself."""

from search.engines.elasticsearch.engine import ElasticsearchEngine, IndexRebuildFailed
from search.engines.elasticsearch.mappings import ANALYSIS, MAPPING_VERSION, MAPPINGS
from search.engines.elasticsearch.queries import search_body, suggest_body

__all__ = [
    "ANALYSIS",
    "MAPPINGS",
    "MAPPING_VERSION",
    "ElasticsearchEngine",
    "IndexRebuildFailed",
    "search_body",
    "suggest_body",
]
