"""The Elasticsearch 8 engine, used when ELASTICSEARCH_URL is set.

It mirrors the rows of search_searchdocument (the reference, written by search/indexing.py)
into the index behind the alias of search.engines.elasticsearch.mappings, so that facets,
permissions and excerpts work as with the database engine. Page requests go through the
circuit breaker of search.engines.elasticsearch.connection; index writes come from the outbox
(search.outbox) and from `update_index`."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.dateparse import parse_datetime
from elastic_transport import TransportError
from elasticsearch import ApiError, NotFoundError
from elasticsearch.helpers import streaming_bulk

from search.engines.base import (
    IndexRebuildFailed,
    SearchHit,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
)
from search.engines.elasticsearch import connection
from search.engines.elasticsearch.mappings import (
    ANALYSIS,
    MAPPING_VERSION,
    MAPPINGS,
    alias_name,
    document_body,
    document_id,
    new_index_name,
)
from search.engines.elasticsearch.queries import (
    FACET_FIELDS,
    HIGHLIGHTED,
    search_body,
    suggest_body,
)
from search.syntax import parse_query

logger = logging.getLogger(__name__)

BULK_CHUNK = 200  # documents per bulk request: a resource with its files weighs up to 1 MB
BULK_CHUNK_BYTES = 20 * 1024 * 1024
# The index a rebuild is filling, shared by every process so that the outbox writes there too.
REBUILD_TARGET_KEY = "search:elasticsearch:rebuild-target"
REBUILD_LONGEST = 3 * 3600


@dataclass
class WriteResult:
    """What Elasticsearch acknowledged of a batch of writes, by document id."""

    acknowledged: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, es=None):
        self.es = es if es is not None else connection.client()

    # Queries ----------------------------------------------------------------------------------

    def _query(self, body: dict) -> dict:
        return connection.breaker.call(lambda: self.es.search(index=alias_name(), body=body))

    def search(self, request: SearchRequest) -> SearchResponse:
        if parse_query(request.query).is_empty:
            return SearchResponse(hits=[], total=0)
        return response_read(self._query(search_body(request)), request)

    def suggest(self, query: str, *, members: bool, limit: int = 8) -> list[dict]:
        if parse_query(query).is_empty:
            return []
        result = self._query(suggest_body(query, members=members, limit=limit))
        return [
            {"title": hit["_source"]["title"], "url": hit["_source"]["url"],
             "kind": hit["_source"]["kind"]}
            for hit in result["hits"]["hits"]
        ]  # fmt: skip

    # Health -----------------------------------------------------------------------------------

    def ping(self) -> bool:
        return self.problem() is None

    def problem(self) -> str | None:
        """Why searches would fail now, or None: the cluster away, no index behind the alias,
        or an index made by another version of the mappings."""
        try:
            mappings = connection.breaker.call(
                lambda: self.es.indices.get_mapping(index=alias_name())
            )
        except SearchUnavailable as error:
            cause = error.__cause__
            if isinstance(cause, NotFoundError):
                return "index missing: run manage.py update_index"
            return "unreachable"
        versions = {
            (body.get("mappings", {}).get("_meta") or {}).get("mapping_version")
            for body in mappings.body.values()
        }
        if versions != {MAPPING_VERSION}:
            found = ", ".join(str(v) for v in sorted(versions, key=str))
            return f"mapping version {found}, the code expects {MAPPING_VERSION}: run update_index"
        return None

    def document_count(self) -> int:
        result = connection.breaker.call(lambda: self.es.count(index=alias_name()))
        return int(result["count"])

    # Index ------------------------------------------------------------------------------------

    def _bulk_client(self):
        return self.es.options(
            request_timeout=settings.ELASTICSEARCH_BULK_TIMEOUT,
            max_retries=2,
            retry_on_timeout=True,
        )

    def _indexes_behind_alias(self) -> list[str]:
        try:
            return sorted(self.es.indices.get_alias(name=alias_name()).body)
        except NotFoundError:
            return []

    def index_rebuild(self, rows, progress=None) -> int:
        """Fill a new index from `rows`, then point the alias at it in one atomic step and drop
        the indexes it replaces. Searches keep using the previous index until the swap; on any
        refused document the new index is dropped and the previous one stays in service.
        Writes sent meanwhile by the outbox go to both indexes (`rebuild_target`), and
        external versions keep whichever state is newer, whatever order they arrive in."""
        new = new_index_name()
        bulk = self._bulk_client()
        bulk.indices.create(
            index=new,
            settings={
                "analysis": ANALYSIS,
                "refresh_interval": "-1",
                # A removal sent during the load must still win over the row the load read
                # before it: tombstones are kept longer than a load lasts.
                "gc_deletes": "1h",
            },
            mappings=MAPPINGS,
        )
        cache.set(REBUILD_TARGET_KEY, new, REBUILD_LONGEST)
        count, failures, first_error = 0, 0, ""
        try:
            actions = (
                {"_index": new, "_id": document_id(content_type_id=row.content_type_id,
                                                   object_id=row.object_id),
                 "_version": version_of(row.changed_at), "_version_type": "external",
                 "_source": document_body(row)}
                for row in rows
            )  # fmt: skip
            for ok, item in streaming_bulk(
                bulk,
                actions,
                chunk_size=BULK_CHUNK,
                max_chunk_bytes=BULK_CHUNK_BYTES,
                raise_on_error=False,
                raise_on_exception=False,
                max_retries=3,
            ):
                if ok or _is_older_than_indexed(item):
                    count += 1
                else:
                    failures += 1
                    first_error = first_error or str(item)[:500]
                if progress is not None:
                    progress.advance()
            if failures:
                raise IndexRebuildFailed(failures, first_error)
            bulk.indices.put_settings(index=new, settings={"refresh_interval": "1s"})
            bulk.indices.refresh(index=new)
            self._alias_swap(new)
        except BaseException:
            # Outbox writes stop going to the new index before it is dropped, so that none of
            # them re-creates it with guessed mappings.
            cache.delete(REBUILD_TARGET_KEY)
            bulk.options(ignore_status=404).indices.delete(index=new)
            raise
        cache.delete(REBUILD_TARGET_KEY)
        return count

    def _alias_swap(self, new: str) -> None:
        alias = alias_name()
        previous = self._indexes_behind_alias()
        actions = [{"remove": {"index": index, "alias": alias}} for index in previous]
        if not previous and self.es.indices.exists(index=alias):
            # An index of the alias's own name (made before the alias existed): removed in the
            # same atomic step.
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
        self._bulk_client().indices.update_aliases(actions=actions)
        for index in previous:
            if index != new:
                self._bulk_client().options(ignore_status=404).indices.delete(index=index)

    def writes_send(self, *, puts: list, removals: list[tuple[str, int]]) -> WriteResult:
        """Send a batch of the outbox: `removals` ((document id, version)) first, then `puts`
        (rows). Writes require the alias, so a missing index refuses them instead of being
        made with guessed mappings; during a rebuild they go to the new index too. Each item's
        answer is read on its own; a version conflict means a newer state is there already."""
        targets = [(alias_name(), True)]
        rebuilding = cache.get(REBUILD_TARGET_KEY)
        if rebuilding:
            targets.append((rebuilding, False))
        operations: list[dict] = []
        for index, through_alias in targets:
            alias_rule = {"require_alias": True} if through_alias else {}
            for doc_id, version in removals:
                operations.append({"delete": {"_index": index, "_id": doc_id, "version": version,
                                              "version_type": "external"}})  # fmt: skip
            for row in puts:
                doc_id = document_id(content_type_id=row.content_type_id, object_id=row.object_id)
                operations.append({"index": {"_index": index, "_id": doc_id, **alias_rule,
                                             "version": version_of(row.changed_at),
                                             "version_type": "external"}})  # fmt: skip
                operations.append(document_body(row))
        result = WriteResult()
        if not operations:
            return result
        try:
            answer = self._bulk_client().bulk(operations=operations, refresh="wait_for")
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        for item in answer["items"]:
            ((action, outcome),) = item.items()
            status = outcome.get("status", 500)
            doc_id = outcome["_id"]
            if 200 <= status < 300 or status == 409 or (action == "delete" and status == 404):
                if doc_id not in result.refused:
                    result.acknowledged.add(doc_id)
            else:
                error = outcome.get("error") or {}
                result.acknowledged.discard(doc_id)
                result.refused[doc_id] = (
                    f"{status} {error.get('type', '')}: {error.get('reason', '')}"[:500]
                )
        return result


def version_of(moment) -> int:
    """An external version: the moment of the change, in microseconds."""
    return int(moment.timestamp() * 1_000_000)


def _is_older_than_indexed(item: dict) -> bool:
    """A row the load read before a newer write reached the new index (a 409): not a failure."""
    ((_action, outcome),) = item.items()
    return outcome.get("status") == 409


def _excerpt(highlight: dict) -> str:
    """Marked fragments first; the start of the summary when only the title matched."""
    fragments = [f for name in HIGHLIGHTED for f in highlight.get(name, [])]
    marked = [f for f in fragments if "<mark>" in f]
    return " … ".join((marked or fragments)[:2])


def response_read(result: dict, request: SearchRequest) -> SearchResponse:
    """A search response, in the shape the Elasticsearch 8 reference documents, read into the
    engines' common answer."""
    hits = []
    for hit in result["hits"]["hits"]:
        source = hit["_source"]
        hits.append(
            SearchHit(
                kind=source["kind"],
                title=source["title"],
                url=source["url"],
                excerpt=_excerpt(hit.get("highlight", {})),
                date=parse_datetime(source["date"]) if source.get("date") else None,
                departement=source.get("departement") or "",
            )  # fmt: skip
        )
    aggregations = result.get("aggregations", {})
    facets = {
        facet: {b["key"]: b["doc_count"] for b in aggregations[facet]["values"]["buckets"]}
        for facet in FACET_FIELDS
    }
    facets["periode"] = {
        key: bucket["doc_count"]
        for key, bucket in aggregations["periode"]["values"]["buckets"].items()
    }
    total = result["hits"]["total"]["value"]
    return SearchResponse(
        hits=hits, total=total, facets=facets, suggestion="" if total else _hint(result)
    )


def _hint(result: dict) -> str:
    """The correction the phrase suggester kept (collated against what this person may see),
    when it differs from what was typed."""
    for entry in result.get("suggest", {}).get("hint", []):
        for option in entry.get("options") or []:
            if option.get("collate_match", True) and option["text"] != entry["text"]:
                return option["text"]
    return ""
