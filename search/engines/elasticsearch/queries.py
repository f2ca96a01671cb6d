"""The request bodies, built by pure functions with elasticsearch-dsl and tested by comparing
their output (tests/search/test_elasticsearch_queries.py).

Matching reads the same query language as the database engine (search.syntax): every clause
required, a clause being any of its terms; a phrase is a `phrase` multi_match, words a
`cross_fields` one with every word required, an excluded term a `must_not`. Permissions are
in the query (so counts obey them); the chosen filters are a post_filter, and each facet is
counted with the other filters."""

from elasticsearch.dsl import A, Q, Search

from search.engines.base import PERIODS, SearchRequest
from search.engines.elasticsearch.mappings import alias_name
from search.syntax import ParsedQuery, Term, parse_query

FIELDS = ["title^4", "summary^3", "body^2", "attachments"]
HIGHLIGHTED = ["summary", "body", "attachments"]
FACET_FIELDS = {"type": "kind", "departement": "departement", "theme": "themes"}
PERIOD_RANGES = {
    "a-venir": {"gt": "now"},
    "30-jours": {"gte": "now-30d", "lte": "now"},
    "annee": {"gte": "now-365d", "lt": "now-30d"},
    "plus-ancien": {"lt": "now-365d"},
}
# Characters a highlight may analyse per field when offsets are missing (an index made before
# MAPPING_VERSION 2): past it the text is left unmarked instead of failing the whole page.
MAX_ANALYZED_OFFSET = 999_999
SUMMARY_WITHOUT_MATCH = 160  # characters of the summary shown for a match on the title only
HINT_MIN_WORD_LENGTH = 4


def _visibility(members: bool) -> list:
    return [] if members else [Q("term", members_only=False)]


def _term_query(term: Term):
    text = " ".join(term.words)
    if term.phrase:
        return Q("multi_match", query=text, fields=FIELDS, type="phrase")
    return Q("multi_match", query=text, fields=FIELDS, type="cross_fields", operator="and")


def matching_query(parsed: ParsedQuery, *, members: bool):
    must, must_not = [], []
    for clause in parsed.clauses:
        if len(clause) == 1:
            (term,) = clause
            (must_not if term.negated else must).append(_term_query(term))
            continue
        either = [
            Q("bool", must_not=[_term_query(term)]) if term.negated else _term_query(term)
            for term in clause
        ]
        must.append(Q("bool", should=either, minimum_should_match=1))
    return Q("bool", must=must, must_not=must_not, filter=_visibility(members))


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


def hint_suggester(words: list[str], *, members: bool) -> dict:
    """« Vouliez-vous dire »: a phrase suggester on the titles' whole words (never stems),
    fed with the person's own words, and kept only where a title this person may see holds
    every word of the correction (`collate` with the visibility filter)."""
    collate = {
        "bool": {
            "must": [{"match": {"title.words": {"query": "{{suggestion}}", "operator": "and"}}}],
            "filter": [query.to_dict() for query in _visibility(members)],
        }
    }
    return {
        "text": " ".join(words),
        "phrase": {
            "field": "title.words",
            "size": 1,
            "max_errors": 2,
            "confidence": 1.0,
            "direct_generator": [
                {
                    "field": "title.words",
                    "suggest_mode": "always",
                    "min_word_length": HINT_MIN_WORD_LENGTH,
                }
            ],  # fmt: skip
            "collate": {"query": {"source": collate}, "prune": False},
        },
    }


def search_body(request: SearchRequest) -> dict:
    parsed = parse_query(request.query)
    search = Search(index=alias_name()).query(matching_query(parsed, members=request.members))
    search = search.extra(track_total_hits=True)
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
    search = search.highlight(
        "summary", no_match_size=SUMMARY_WITHOUT_MATCH
    ).highlight(
        "body", "attachments"
    ).highlight_options(
        fragment_size=120,
        number_of_fragments=2,
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",  # the text is escaped, only our <mark> tags remain
        max_analyzed_offset=MAX_ANALYZED_OFFSET,
    )  # fmt: skip
    newest = {"date": {"order": "desc", "missing": "_last"}}
    tie_break = {"key": {"order": "asc"}}
    if request.sort == "date":
        search = search.sort(newest, tie_break)
    else:
        search = search.sort("_score", newest, tie_break)
    words = [w for w in parsed.positive_words if len(w) >= HINT_MIN_WORD_LENGTH]
    if words:
        search = search.extra(
            suggest={"hint": hint_suggester(parsed.positive_words, members=request.members)}
        )
    start = (request.page - 1) * request.page_size
    search = search[start : start + request.page_size]
    search = search.source(["kind", "title", "url", "date", "departement"])
    return search.to_dict()


def suggest_body(query: str, *, members: bool, limit: int = 8) -> dict:
    """The header's suggestions: titles whose whole words start with what is typed."""
    words = " ".join(parse_query(query).positive_words)
    search = Search(index=alias_name()).query(
        "bool",
        must=[Q("multi_match", query=words, type="bool_prefix",
                fields=["title.suggest", "title.suggest._2gram", "title.suggest._3gram"])],
        filter=_visibility(members),
    )  # fmt: skip
    return search.source(["title", "url", "kind"])[:limit].to_dict()
