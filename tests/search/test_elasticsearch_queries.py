"""The Elasticsearch engine's requests, built without a server and compared with the bodies
they must produce. The live suite (test_elasticsearch_live.py) sends them to a real server."""

from search.engines.base import SearchRequest
from search.engines.elasticsearch import (
    ANALYSIS,
    MAPPING_VERSION,
    MAPPINGS,
    search_body,
    suggest_body,
)
from search.engines.elasticsearch.queries import FIELDS

VISITOR_FILTER = [{"term": {"members_only": False}}]


def test_a_visitors_plain_search():
    body = search_body(SearchRequest(query="garantie d'emprunt"))
    # The person's words (search.syntax), each required across the fields.
    assert body["query"] == {
        "bool": {
            "must": [
                {"multi_match": {"query": "garantie", "fields": FIELDS, "type": "cross_fields",
                                 "operator": "and"}},
                {"multi_match": {"query": "emprunt", "fields": FIELDS, "type": "cross_fields",
                                 "operator": "and"}},
            ],
            "filter": VISITOR_FILTER,
        }
    }  # fmt: skip
    assert body["track_total_hits"] is True
    assert "post_filter" not in body
    assert body["aggs"]["type"] == {
        "filter": {"bool": {}},
        "aggs": {"values": {"terms": {"field": "kind", "size": 50}}},
    }
    assert body["highlight"] == {
        "fields": {"summary": {"no_match_size": 160}, "body": {}, "attachments": {}},
        "fragment_size": 120,
        "number_of_fragments": 2,
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "max_analyzed_offset": 999_999,
    }
    assert body["sort"] == [
        "_score",
        {"date": {"order": "desc", "missing": "_last"}},
        {"key": {"order": "asc"}},
    ]
    hint = body["suggest"]["hint"]
    assert hint["text"] == "garantie emprunt"
    assert hint["phrase"]["field"] == "title.words"  # whole words, never stems
    assert hint["phrase"]["collate"]["query"]["source"]["bool"]["filter"] == VISITOR_FILTER
    assert (body["from"], body["size"]) == (0, 10)


def test_phrases_or_and_exclusions_mean_what_they_mean_on_postgresql():
    body = search_body(SearchRequest(query='"habitat partagé" OR scia -rural', members=True))
    assert body["query"]["bool"] == {
        "must": [
            {
                "bool": {
                    "should": [
                        {"multi_match": {"query": "habitat partage", "fields": FIELDS,
                                         "type": "phrase"}},
                        {"multi_match": {"query": "scia", "fields": FIELDS,
                                         "type": "cross_fields", "operator": "and"}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        ],
        "must_not": [
            {"multi_match": {"query": "rural", "fields": FIELDS, "type": "cross_fields",
                             "operator": "and"}}
        ],
    }  # fmt: skip
    assert body["suggest"]["hint"]["phrase"]["collate"]["query"]["source"]["bool"]["filter"] == []


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
    assert body["sort"] == [
        {"date": {"order": "desc", "missing": "_last"}},
        {"key": {"order": "asc"}},
    ]
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
    # Stop words go before the accents are folded: « à » and « été » are stop words.
    assert analyzer["filter"] == [
        "french_elision", "lowercase", "french_stop", "asciifolding", "french_stemmer"
    ]  # fmt: skip
    assert ANALYSIS["filter"]["french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    assert "l" in ANALYSIS["filter"]["french_elision"]["articles"]
    for field in ("title", "summary", "body", "attachments"):
        assert MAPPINGS["properties"][field]["analyzer"] == "french_folded"


def test_the_index_refuses_unknown_fields_and_carries_its_version():
    assert MAPPINGS["dynamic"] == "strict"
    assert MAPPINGS["_meta"] == {"mapping_version": MAPPING_VERSION}
    for field in ("summary", "body", "attachments"):
        assert MAPPINGS["properties"][field]["index_options"] == "offsets"
    title = MAPPINGS["properties"]["title"]["fields"]
    assert title["words"]["analyzer"] == title["suggest"]["analyzer"] == "folded_words"
