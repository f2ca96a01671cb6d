"""The Elasticsearch 8 engine, used when ELASTICSEARCH_URL is set.

It mirrors the rows of search_searchdocument (search/indexing.py writes both) into one index,
`<ELASTICSEARCH_INDEX>-recherche`, with a French analyser (elision, lower case, ASCII folding,
French stop words, light French stemming), so that facets, permissions and excerpts work as
with the database engine. The queries are built with elasticsearch-dsl by pure functions
(`search_body`, `suggest_body`), tested by comparing their output; tests/search/
test_elasticsearch_live.py runs them against a server when ELASTICSEARCH_URL is set."""

import logging

from django.conf import settings
from django.utils.dateparse import parse_datetime
from elasticsearch.dsl import A, Q, Search

from search.engines.base import (
    PERIODS,
    SearchHit,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
)

logger = logging.getLogger(__name__)

FIELDS = ["title^4", "summary^3", "body^2", "attachments"]
HIGHLIGHTED = ["summary", "body", "attachments"]
FACET_FIELDS = {"type": "kind", "departement": "departement", "theme": "themes"}
PERIOD_RANGES = {
    "a-venir": {"gt": "now"},
    "30-jours": {"gte": "now-30d", "lte": "now"},
    "annee": {"gte": "now-365d", "lt": "now-30d"},
    "plus-ancien": {"lt": "now-365d"},
}

ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],  # fmt: skip
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
    },
    "analyzer": {
        "french_folded": {
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "asciifolding",
                "french_stop",
                "french_stemmer",
            ],  # fmt: skip
        }
    },
}
FRENCH_TEXT = {"type": "text", "analyzer": "french_folded"}
MAPPINGS = {
    "properties": {
        "title": {
            **FRENCH_TEXT,
            "fields": {"suggest": {"type": "search_as_you_type", "analyzer": "french_folded"}},
        },
        "summary": FRENCH_TEXT,
        "body": FRENCH_TEXT,
        "attachments": FRENCH_TEXT,
        "kind": {"type": "keyword"},
        "departement": {"type": "keyword"},
        "themes": {"type": "keyword"},
        "date": {"type": "date"},
        "members_only": {"type": "boolean"},
        "url": {"type": "keyword", "index": False},
    }
}


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX}-recherche"


def _period_query(period: str):
    if period == "plus-ancien":
        return Q("bool", should=[Q("range", date=PERIOD_RANGES[period]),
                                 Q("bool", must_not=Q("exists", field="date"))])  # fmt: skip
    return Q("range", date=PERIOD_RANGES[period])


def _filters(request: SearchRequest, *, exclude: str = "") -> list:
    filters = []
    if request.kind and exclude != "type":
        filters.append(Q("term", kind=request.kind))
    if request.departement and exclude != "departement":
        filters.append(Q("term", departement=request.departement))
    if request.theme and exclude != "theme":
        filters.append(Q("term", themes=request.theme))
    if request.periode and exclude != "periode":
        filters.append(_period_query(request.periode))
    return filters


def search_body(request: SearchRequest) -> dict:
    """The request body for a search: matching and permissions in the query (so counts obey
    them), the chosen filters as a post_filter, one aggregation per facet with the other
    filters, highlighted excerpts and a spelling suggestion."""
    visibility = [] if request.members else [Q("term", members_only=False)]
    query = Q(
        "bool",
        must=[
            Q(
                "multi_match",
                query=request.query,
                fields=FIELDS,
                type="cross_fields",
                operator="and",
            )
        ],  # fmt: skip
        filter=visibility,
    )
    search = Search(index=index_name()).query(query)
    chosen = _filters(request)
    if chosen:
        search = search.post_filter("bool", filter=chosen)
    for facet, field in FACET_FIELDS.items():
        others = _filters(request, exclude=facet)
        search.aggs.bucket(facet, A("filter", Q("bool", filter=others))).bucket(
            "values", A("terms", field=field, size=50)
        )
    period_others = _filters(request, exclude="periode")
    search.aggs.bucket("periode", A("filter", Q("bool", filter=period_others))).bucket(
        "values", A("filters", filters={p: _period_query(p) for p in PERIODS})
    )
    search = search.highlight(*HIGHLIGHTED).highlight_options(
        fragment_size=120,
        number_of_fragments=2,
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",  # the text is escaped, only our <mark> tags remain
    )
    if request.sort == "date":
        search = search.sort({"date": {"order": "desc", "missing": "_last"}})
    else:
        search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    search = search.suggest("spelling", request.query, term={"field": "title"})
    start = (request.page - 1) * request.page_size
    search = search[start : start + request.page_size]
    search = search.source(["kind", "title", "url", "date", "departement"])
    return search.to_dict()


def suggest_body(query: str, *, members: bool, limit: int = 8) -> dict:
    visibility = [] if members else [Q("term", members_only=False)]
    search = Search(index=index_name()).query(
        "bool",
        must=[Q("multi_match", query=query, type="bool_prefix",
                fields=["title.suggest", "title.suggest._2gram", "title.suggest._3gram"])],
        filter=visibility,
    )  # fmt: skip
    return search.source(["title", "url", "kind"])[:limit].to_dict()


def document_body(row) -> dict:
    return {
        "kind": row.kind,
        "title": row.title,
        "summary": row.summary,
        "body": row.body,
        "attachments": row.attachments,
        "url": row.url,
        "departement": row.departement or None,
        "themes": row.themes.split(),
        "date": row.date.isoformat() if row.date else None,
        "members_only": row.members_only,
    }


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, client=None):
        if client is None:
            from elasticsearch import Elasticsearch

            # A page waits at most a few seconds for a cluster that does not answer.
            client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=3, max_retries=1)
        self.client = client

    # Index ------------------------------------------------------------------------------------

    def index_create(self) -> None:
        if not self.client.indices.exists(index=index_name()):
            self.client.indices.create(
                index=index_name(), settings={"analysis": ANALYSIS}, mappings=MAPPINGS
            )

    def index_rebuild(self, rows) -> int:
        from elasticsearch.helpers import bulk

        if self.client.indices.exists(index=index_name()):
            self.client.indices.delete(index=index_name())
        self.index_create()
        actions = (
            {"_index": index_name(), "_id": f"{row.content_type_id}-{row.object_id}",
             "_source": document_body(row)}
            for row in rows
        )  # fmt: skip
        count, _errors = bulk(self.client, actions, refresh=True)
        return count

    def document_put(self, row) -> None:
        self.index_create()
        self.client.index(
            index=index_name(),
            id=f"{row.content_type_id}-{row.object_id}",
            document=document_body(row),
            refresh="wait_for",
        )

    def document_remove(self, *, content_type_id: int, object_id: int) -> None:
        self.client.options(ignore_status=404).delete(
            index=index_name(), id=f"{content_type_id}-{object_id}", refresh="wait_for"
        )  # fmt: skip

    # Queries ----------------------------------------------------------------------------------

    def ping(self) -> bool:
        return bool(self.client.ping())

    def _query(self, body: dict) -> dict:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        try:
            return self.client.search(index=index_name(), body=body)
        except (TransportError, ApiError) as error:
            raise SearchUnavailable(str(error)) from error

    def search(self, request: SearchRequest) -> SearchResponse:
        result = self._query(search_body(request))
        hits = []
        for hit in result["hits"]["hits"]:
            source = hit["_source"]
            fragments = [
                f for field in HIGHLIGHTED for f in hit.get("highlight", {}).get(field, [])
            ]
            hits.append(
                SearchHit(
                    kind=source["kind"],
                    title=source["title"],
                    url=source["url"],
                    excerpt=" … ".join(fragments[:2]),
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
        suggestion = ""
        if not total:
            words = []
            for entry in result.get("suggest", {}).get("spelling", []):
                options = entry.get("options") or []
                words.append(options[0]["text"] if options else entry["text"])
            suggestion = " ".join(words) if words != request.query.split() else ""
        return SearchResponse(hits=hits, total=total, facets=facets, suggestion=suggestion)

    def suggest(self, query: str, *, members: bool, limit: int = 8) -> list[dict]:
        result = self._query(suggest_body(query, members=members, limit=limit))
        return [
            {
                "title": h["_source"]["title"],
                "url": h["_source"]["url"],
                "kind": h["_source"]["kind"],
            }
            for h in result["hits"]["hits"]
        ]
