"""The Elasticsearch engine's requests, built without a server and compared with the bodies
they must produce. The live suite (test_elasticsearch_live.py) sends them to a real server."""

from search.engines.base import SearchRequest
from search.engines.elasticsearch import ANALYSIS, MAPPINGS, search_body, suggest_body

VISITOR_FILTER = [{"term": {"members_only": False}}]


def test_a_visitors_plain_search():
    body = search_body(SearchRequest(query="garantie d'emprunt"))
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": "garantie d'emprunt",
                        "fields": ["title^4", "summary^3", "body^2", "attachments"],
                        "type": "cross_fields",
                        "operator": "and",
                    }
                }
            ],
            "filter": VISITOR_FILTER,
        }
    }
    assert "post_filter" not in body
    assert body["aggs"]["type"] == {
        "filter": {"bool": {}},
        "aggs": {"values": {"terms": {"field": "kind", "size": 50}}},
    }
    assert body["highlight"] == {
        "fields": {"summary": {}, "body": {}, "attachments": {}},
        "fragment_size": 120,
        "number_of_fragments": 2,
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
    }
    assert body["sort"] == ["_score", {"date": {"order": "desc", "missing": "_last"}}]
    assert body["suggest"] == {
        "spelling": {"text": "garantie d'emprunt", "term": {"field": "title"}}
    }
    assert (body["from"], body["size"]) == (0, 10)


def test_members_see_members_only_documents():
    body = search_body(SearchRequest(query="statuts", members=True))
    assert body["query"]["bool"].get("filter", []) == []


def test_filters_apply_to_results_and_to_the_other_facets_only():
    body = search_body(
        SearchRequest(
            query="foncier",
            kind="evenement",
            departement="31",
            theme="foncier",
            periode="a-venir",
            sort="date",
            page=3,
        )  # fmt: skip
    )
    kind, departement = {"term": {"kind": "evenement"}}, {"term": {"departement": "31"}}
    theme, upcoming = {"term": {"themes": "foncier"}}, {"range": {"date": {"gt": "now"}}}
    assert body["post_filter"] == {"bool": {"filter": [kind, departement, theme, upcoming]}}
    assert body["aggs"]["type"]["filter"] == {"bool": {"filter": [departement, theme, upcoming]}}
    assert body["aggs"]["departement"]["filter"] == {"bool": {"filter": [kind, theme, upcoming]}}
    assert body["aggs"]["theme"]["filter"] == {"bool": {"filter": [kind, departement, upcoming]}}
    assert body["aggs"]["periode"]["filter"] == {"bool": {"filter": [kind, departement, theme]}}
    assert body["aggs"]["periode"]["aggs"]["values"]["filters"]["filters"]["30-jours"] == {
        "range": {"date": {"gte": "now-30d", "lte": "now"}}
    }
    assert body["sort"] == [{"date": {"order": "desc", "missing": "_last"}}]
    assert (body["from"], body["size"]) == (20, 10)


def test_suggestions_match_as_you_type_within_permissions():
    assert suggest_body("garan", members=False) == {
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": "garan",
                            "type": "bool_prefix",
                            "fields": [
                                "title.suggest",
                                "title.suggest._2gram",
                                "title.suggest._3gram",
                            ],
                        }
                    }
                ],
                "filter": VISITOR_FILTER,
            }
        },
        "_source": ["title", "url", "kind"],
        "size": 8,
    }


def test_the_french_analyser_folds_accents_stems_and_drops_elisions():
    analyzer = ANALYSIS["analyzer"]["french_folded"]
    assert analyzer["filter"] == [
        "french_elision", "lowercase", "asciifolding", "french_stop", "french_stemmer"
    ]  # fmt: skip
    assert ANALYSIS["filter"]["french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    assert "l" in ANALYSIS["filter"]["french_elision"]["articles"]
    for field in ("title", "summary", "body", "attachments"):
        assert MAPPINGS["properties"][field]["analyzer"] == "french_folded"
