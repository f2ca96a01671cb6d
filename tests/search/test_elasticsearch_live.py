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
    for name in ("API_KEY", "CA_CERTS", "FINGERPRINT"):
        setattr(settings, f"ELASTICSEARCH_{name}", os.environ.get(f"ELASTICSEARCH_{name}", ""))
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


# Privacy, removals, hints, highlights, facets and rebuilds, against the real cluster ----------


def _titles(engine, query, **options):
    return [hit.title for hit in _search(engine, query, **options).hits]


def _send_outbox():
    from search import outbox

    outbox.writes_send()


def test_a_removal_and_a_privacy_change_reach_the_cluster(engine, demo):
    from forum import moderation
    from forum.models import Category, Thread

    title = "SCIA ou coopérative d'habitants : comment avez-vous choisi ?"
    assert title in _titles(engine, "SCIA")
    category = Category.objects.get(slug="montage-juridique")
    category.members_only = True
    category.save()
    _send_outbox()
    assert title not in _titles(engine, "SCIA")
    assert title in _titles(engine, "SCIA", members=True)
    thread = Thread.objects.get(title=title)
    moderation.thread_set_status(thread=thread, by=demo["moderation@labo.test"], status="masque")
    _send_outbox()
    assert title not in _titles(engine, "SCIA", members=True)


def test_a_visitor_never_gets_a_hint_towards_a_members_only_title(engine):
    from search.models import SearchDocument

    private = set(SearchDocument.objects.filter(members_only=True).values_list("title", flat=True))
    assert private
    for title in private:
        for word in title.split():
            if len(word) > 4:
                typo = word[:-2] + word[-1] + word[-2]
                hint = _search(engine, typo).suggestion
                assert word.lower() not in hint.lower() or any(
                    word.lower() in public.lower()
                    for public in SearchDocument.objects.filter(members_only=False).values_list(
                        "title", flat=True
                    )
                )


def test_hints_are_words_not_stems(engine):
    hint = _search(engine, "garentie d'emprunt").suggestion
    assert hint and "garantie" in hint and "garanti " not in f"{hint} "


def test_autocomplete_respects_privacy(engine):
    titles = [s["title"] for s in engine.suggest("modèle de st", members=False)]
    assert "Modèle de statuts de coopérative d'habitants" not in titles
    members = [s["title"] for s in engine.suggest("modèle de st", members=True)]
    assert "Modèle de statuts de coopérative d'habitants" in members


def test_html_inside_a_document_stays_escaped_in_highlights(engine, demo):
    from search.indexing import document_update
    from tests.forum.factories import make_thread

    thread = make_thread(demo["membre@labo.test"], title="Balises",
                         body="<script>alert(1)</script> le mot ornithorynque")  # fmt: skip
    document_update(thread)
    _send_outbox()
    (hit,) = _search(engine, "ornithorynque").hits
    assert "<script>" not in hit.excerpt and "<mark>ornithorynque</mark>" in hit.excerpt


def test_a_very_long_file_still_highlights(engine):
    from search.models import SearchDocument

    row = SearchDocument.objects.filter(kind="ressource").first()
    row.attachments = ("habitat " * 130_000) + " zygomatique"  # more than 1,000,000 characters
    row.save()
    engine.writes_send(puts=[row], removals=[])
    (hit,) = _search(engine, "zygomatique").hits
    assert hit.title == row.title


def test_every_facet_is_counted(engine):
    response = _search(engine, "habitat")
    assert set(response.facets) == {"type", "departement", "theme", "periode"}
    assert sum(response.facets["type"].values()) == response.total


def test_a_rebuild_during_searches_never_fails_them(engine):
    import threading

    from search.indexing import index_rebuild

    failures = []

    def search_meanwhile():
        for _ in range(50):
            try:
                if _search(engine, "habitat").total == 0:
                    failures.append("empty")
            except Exception as error:  # noqa: BLE001 - any failure is what we look for
                failures.append(repr(error))

    searcher = threading.Thread(target=search_meanwhile)
    searcher.start()
    index_rebuild()
    searcher.join()
    assert failures == []
    assert engine.problem() is None


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_CA_CERTS"),
    reason="ELASTICSEARCH_CA_CERTS is not set: the cluster under test does not run TLS",
)
def test_tls_with_the_clusters_certificate_authority(engine, settings):
    settings.ELASTICSEARCH_CA_CERTS = os.environ["ELASTICSEARCH_CA_CERTS"]
    assert settings.ELASTICSEARCH_URL.startswith("https://")
    assert engine.problem() is None
