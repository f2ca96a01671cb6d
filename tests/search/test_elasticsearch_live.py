"""Against a real Elasticsearch 8 (ELASTICSEARCH_URL): indexing, French matching, facets,
permissions, excerpts and suggestions. No server can run in CI here, so this module is
skipped there, with this reason; it is never faked."""

import os

import pytest

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against",
    ),
]


@pytest.fixture
def engine(demo, settings):
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.indexing import index_rebuild

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = "labo-test"
    index_rebuild()
    return ElasticsearchEngine()


def _search(engine, query, **options):
    from search.engines.base import SearchRequest

    return engine.search(SearchRequest(query=query, **options))


def test_french_variants_match(engine):
    totals = {_search(engine, word).total for word in ("habitat", "habitats", "habitât", "Habitat")}
    assert len(totals) == 1 and totals.pop() > 0


def test_a_word_inside_a_pdf_finds_its_resource(engine):
    response = _search(engine, "demembrement")
    assert "Les foncières solidaires : synthèse" in [hit.title for hit in response.hits]
    assert any("<mark>" in hit.excerpt for hit in response.hits)


def test_members_only_documents_need_a_member(engine):
    visitor = _search(engine, "agrement")
    member = _search(engine, "agrement", members=True)
    assert member.total > visitor.total


def test_facets_count_what_the_filters_give(engine):
    response = _search(engine, "garantie")
    events = _search(engine, "garantie", kind="evenement")
    assert response.facets["type"]["evenement"] == events.total


def test_suggestions(engine):
    titles = [s["title"] for s in engine.suggest("garan", members=False)]
    assert "Garantie d'emprunt de la Région : mode d'emploi" in titles
