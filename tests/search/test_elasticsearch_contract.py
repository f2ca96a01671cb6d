"""The Elasticsearch engine against a cluster that answers as the Elasticsearch 8 reference
documents (tests/search/elasticsearch_double.py: a real HTTP server, the real client, our code
unchanged): what it asks, and what it makes of each kind of answer — hits with highlights,
aggregations, spelling hints, refused writes, a missing index, a cluster that hangs."""

import io
import subprocess
import sys

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from forum.models import Thread
from search import outbox
from search.engines.base import SearchRequest, SearchUnavailable
from search.engines.elasticsearch import MAPPING_VERSION, ElasticsearchEngine, connection
from search.indexing import document_delete, document_update, index_rebuild
from search.models import IndexWrite, SearchDocument
from tests.forum.factories import make_thread
from tests.search.elasticsearch_double import ClusterDouble, recorded

pytestmark = pytest.mark.django_db

ALIAS = "labo-test-recherche"
BULK = "POST|PUT"
LIVE = "labo-test-recherche-v2-20261204120000000000"


@pytest.fixture
def cluster(settings):
    double = ClusterDouble()
    settings.ELASTICSEARCH_URL = double.start()
    settings.ELASTICSEARCH_INDEX = "labo-test"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_RETRY_AFTER = 1
    connection.breaker.reset()
    yield double
    connection.breaker.reset()
    double.stop()


def _acknowledge_all(request):
    items = []
    for line in request.lines:
        if len(line) == 1 and next(iter(line)) in ("index", "delete"):
            ((action, meta),) = line.items()
            status = 201 if action == "index" else 200
            items.append(
                {
                    action: {
                        "_index": meta["_index"],
                        "_id": meta["_id"],
                        "status": status,
                        "result": "created" if action == "index" else "deleted",
                    }
                }
            )
    return {"took": 3, "errors": False, "items": items}


def _refuse_all(request):
    answer = _acknowledge_all(request)
    for item in answer["items"]:
        ((_action, outcome),) = item.items()
        outcome.update(
            status=400,
            error={"type": "strict_dynamic_mapping_exception", "reason": "mapping set to strict"},
        )
    answer["errors"] = True
    return answer


# Searching ----------------------------------------------------------------------------------------


def test_a_search_reads_hits_highlights_and_facets_as_documented(cluster):
    cluster.answer("POST", f"/{ALIAS}/_search", recorded("search_hits"))
    response = ElasticsearchEngine().search(SearchRequest(query="garantie", theme="financement"))
    assert [hit.title for hit in response.hits] == [
        "Garantie d'emprunt de la Région : mode d'emploi",
        "Webinaire : préparer son dossier de garantie d'emprunt",
    ]
    assert response.hits[0].excerpt == (
        "Ce que couvre la <mark>garantie</mark> d&#x27;emprunt &amp; qui la demande … "
        "… la <mark>garantie</mark> porte sur 50 % du prêt …"
    )
    assert response.hits[1].departement == "31" and response.hits[1].date.year == 2026
    assert response.total == 2
    assert response.facets["type"] == {"evenement": 1, "ressource": 1}
    assert response.facets["periode"] == {"a-venir": 1, "30-jours": 0, "annee": 1, "plus-ancien": 0}
    (sent,) = cluster.requests_to("POST", f"/{ALIAS}/_search")
    assert sent.body["track_total_hits"] is True
    assert sent.body["sort"][-1] == {"key": {"order": "asc"}}
    assert sent.body["post_filter"] == {"bool": {"filter": [{"term": {"themes": "financement"}}]}}


def test_a_match_on_the_title_alone_shows_the_start_of_the_summary(cluster):
    cluster.answer("POST", f"/{ALIAS}/_search", recorded("search_title_only"))
    (hit,) = ElasticsearchEngine().search(SearchRequest(query="lauragais")).hits
    assert hit.excerpt == "Quatorze logements en coopérative d&#x27;habitants, une salle commune"
    body = cluster.requests_to("POST", f"/{ALIAS}/_search")[0].body
    assert body["highlight"]["fields"]["summary"] == {"no_match_size": 160}
    assert body["highlight"]["max_analyzed_offset"] == 999_999


@pytest.mark.parametrize(
    ("typed", "correction", "hint"),
    [("garentie emprunt", "garantie emprunt", "garantie emprunt"),
     ("garantie emprunt", "garantie emprunt", "")],
)  # fmt: skip
def test_a_hint_is_offered_only_when_it_corrects_something(cluster, typed, correction, hint):
    answer = recorded("search_no_hits_with_hint", typed=typed, correction=correction,
                      length=str(len(typed)))  # fmt: skip
    cluster.answer("POST", f"/{ALIAS}/_search", answer)
    assert ElasticsearchEngine().search(SearchRequest(query=typed)).suggestion == hint


def test_a_missing_index_says_search_is_unavailable_and_the_health_check_says_why(
    demo, cluster, client
):
    response = client.get("/recherche/", {"q": "garantie"})
    assert response.status_code == 503
    assert "La recherche est momentanément indisponible" in response.content.decode()
    health = client.get("/sante/")
    assert health.status_code == 503
    assert health.json()["checks"]["search"] == "index missing: run manage.py update_index"


def test_the_health_check_compares_the_index_mapping_version_with_the_code(cluster, client):
    for version, expected in ((MAPPING_VERSION - 1, 503), (MAPPING_VERSION, 200)):
        cluster.answer(
            "GET", f"/{ALIAS}/_mapping", recorded("get_mapping", index=LIVE, version=str(version))
        )
        health = client.get("/sante/")
        assert health.status_code == expected
    cluster.answer("GET", f"/{ALIAS}/_mapping", recorded("get_mapping", index=LIVE, version="1"))
    assert "mapping version 1" in client.get("/sante/").json()["checks"]["search"]


def test_the_health_check_sets_the_index_count_beside_the_database_reference(demo, cluster, client):
    """The count API's answer (`GET /<index>/_count`, Elasticsearch 8 reference) read beside
    search_searchdocument's rows: a gap is what the monitoring watches for."""
    cluster.answer("GET|POST", f"/{ALIAS}/_count", recorded("count", count="3"))
    mapping = recorded("get_mapping", index=LIVE, version=str(MAPPING_VERSION))
    cluster.answer("GET", f"/{ALIAS}/_mapping", mapping)
    health = client.get("/sante/")
    assert health.status_code == 200
    report = health.json()["search_index"]
    assert report == {
        "engine": "elasticsearch",
        "documents": 3,
        "database": SearchDocument.objects.count(),
    }
    assert report["database"] > 3
    assert cluster.requests_to("GET|POST", f"/{ALIAS}/_count")


def test_a_hanging_cluster_costs_one_timeout_per_interval_not_one_per_request(cluster):
    import time

    cluster.answer("POST", f"/{ALIAS}/_search", recorded("search_hits"), delay=1.5)
    engine = ElasticsearchEngine()
    with pytest.raises(SearchUnavailable):
        engine.search(SearchRequest(query="garantie"))
    asked = len(cluster.received)
    for query in ("habitat", "foncier", "scia"):
        with pytest.raises(SearchUnavailable):
            engine.search(SearchRequest(query=query))
        with pytest.raises(SearchUnavailable):
            engine.suggest(query, members=False)
    assert len(cluster.received) == asked  # nobody waited on the cluster again
    time.sleep(1.1)  # ELASTICSEARCH_RETRY_AFTER
    cluster.answer("POST", f"/{ALIAS}/_search", recorded("search_hits"))
    assert engine.search(SearchRequest(query="garantie")).total == 2


def test_a_cluster_error_opens_the_breaker_a_bad_request_does_not(cluster):
    engine = ElasticsearchEngine()
    cluster.answer("POST", f"/{ALIAS}/_search", {"error": {"type": "parsing_exception",
                   "reason": "unknown query"}, "status": 400}, status=400)  # fmt: skip
    with pytest.raises(SearchUnavailable):
        engine.search(SearchRequest(query="garantie"))
    assert not connection.breaker.is_open
    cluster.answer("POST", f"/{ALIAS}/_search", recorded("error_cluster_unavailable"), status=503)
    with pytest.raises(SearchUnavailable):
        engine.search(SearchRequest(query="garantie"))
    assert connection.breaker.is_open


# Connection -------------------------------------------------------------------------------------


def test_an_api_key_is_sent_and_one_client_serves_the_process(cluster, settings):
    settings.ELASTICSEARCH_API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
    cluster.answer("POST", f"/{ALIAS}/_search", recorded("search_hits"))
    ElasticsearchEngine().search(SearchRequest(query="garantie"))
    (sent,) = cluster.requests_to("POST", f"/{ALIAS}/_search")
    assert sent.headers["authorization"] == f"ApiKey {settings.ELASTICSEARCH_API_KEY}"
    assert ElasticsearchEngine().es is ElasticsearchEngine().es


def test_an_address_without_its_scheme_is_refused_at_start_up():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"ELASTICSEARCH_URL": "search.example.org:9200", "PATH": "/usr/bin:/bin",
             "DJANGO_SETTINGS_MODULE": "labo.settings.dev"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ELASTICSEARCH_URL must be a full address with its scheme" in result.stderr


# Writes: the outbox ------------------------------------------------------------------------------


def test_every_write_waits_in_the_outbox_until_elasticsearch_acknowledges_it(
    demo, cluster, client, django_capture_on_commit_callbacks
):
    cluster.answer(BULK, "/_bulk", recorded("error_cluster_unavailable"), status=503)
    thread = make_thread(demo["membre@labo.test"], title="Un sujet à indexer")
    with django_capture_on_commit_callbacks(execute=True):
        document_update(thread)
    (write,) = IndexWrite.objects.all()
    assert write.attempts == 1 and "503" in write.last_error
    assert client.get("/sante/").json()["search_index_writes"] == {"pending": 1, "failing": 0}
    # The cluster is back: the worker's next attempt goes through and empties the outbox.
    cluster.answer(BULK, "/_bulk", _acknowledge_all)
    IndexWrite.objects.update(next_attempt_at=write.queued_at)
    assert outbox.writes_send() == (1, 0)
    assert not IndexWrite.objects.exists()
    sent = cluster.requests_to(BULK, "/_bulk")[-1]
    action, document = sent.lines
    assert action["index"]["_index"] == ALIAS and action["index"]["require_alias"] is True
    assert action["index"]["version_type"] == "external"
    assert document["title"] == "Un sujet à indexer" and document["members_only"] is False


def test_removals_go_first_and_each_answer_is_read_on_its_own(
    demo, cluster, django_capture_on_commit_callbacks
):
    member = demo["membre@labo.test"]
    threads = [make_thread(member, title=f"Sujet {n}") for n in range(4)]
    for thread in threads:
        document_update(thread, queue=False)
    thread_type = ContentType.objects.get_for_model(Thread).pk
    ids = {thread.pk: f"{thread_type}-{thread.pk}" for thread in threads}
    cluster.answer(BULK, "/_bulk", lambda request: recorded(
        "bulk_mixed", removed=ids[threads[0].pk], missing=ids[threads[1].pk],
        written=ids[threads[2].pk], refused=ids[threads[3].pk], older="0-0"))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        for thread in threads[2:]:
            document_update(thread)
        for thread in threads[:2]:
            document_delete(thread)
    lines = cluster.requests_to(BULK, "/_bulk")[-1].lines
    assert [next(iter(line)) for line in lines if len(line) == 1][:2] == ["delete", "delete"]
    (left,) = IndexWrite.objects.all()
    assert left.object_id == threads[3].pk and "strict_dynamic_mapping_exception" in left.last_error


def test_a_newer_state_already_indexed_counts_as_acknowledged(demo, cluster):
    thread = make_thread(demo["membre@labo.test"], title="Sujet déjà plus récent là-bas")
    row = document_update(thread, queue=False)
    doc_id = f"{row.content_type_id}-{row.object_id}"
    cluster.answer(BULK, "/_bulk", lambda request: {"errors": True, "items": [
        recorded("bulk_mixed", removed="a", missing="b", written="c", refused="d",
                 older=doc_id)["items"][4]]})  # fmt: skip
    result = ElasticsearchEngine().writes_send(puts=[row], removals=[])
    assert result.acknowledged == {doc_id} and not result.refused


def test_a_task_for_an_object_already_gone_removes_it_from_elasticsearch(
    demo, cluster, django_capture_on_commit_callbacks
):
    from search.tasks import index_object

    cluster.answer(BULK, "/_bulk", _acknowledge_all)
    thread = make_thread(demo["membre@labo.test"], title="Sujet supprimé avant son index")
    row = document_update(thread, queue=False)
    pk = thread.pk
    with django_capture_on_commit_callbacks(execute=True):
        Thread.objects.filter(pk=pk).delete()
    row.save()  # the document left behind, as when the object went before the task ran
    with django_capture_on_commit_callbacks(execute=True):
        index_object.call(model_label="forum.Thread", pk=pk)
    (delete,) = cluster.requests_to(BULK, "/_bulk")[-1].lines
    assert delete["delete"]["_index"] == ALIAS
    assert delete["delete"]["_id"] == f"{row.content_type_id}-{pk}"
    assert delete["delete"]["version_type"] == "external"


# Rebuilds ---------------------------------------------------------------------------------------


def _rebuild_routes(cluster, bulk_answer=_acknowledge_all):
    cluster.answer(
        "PUT", f"/{ALIAS}-v2-\\d+", lambda r: recorded("index_created", index=r.path[1:])
    )
    cluster.answer(BULK, "/_bulk", bulk_answer)
    cluster.answer("PUT", f"/{ALIAS}-v2-\\d+/_settings", recorded("acknowledged"))
    cluster.answer("POST", f"/{ALIAS}-v2-\\d+/_refresh", recorded("refresh"))
    cluster.answer("GET", f"/_alias/{ALIAS}", recorded("get_alias", index=LIVE))
    cluster.answer("POST", "/_aliases", recorded("acknowledged"))
    cluster.answer("DELETE", f"/{ALIAS}-v2-\\d+", recorded("acknowledged"))


def test_a_rebuild_fills_a_new_index_then_swaps_the_alias_in_one_step(demo, cluster):
    _rebuild_routes(cluster)
    log = io.StringIO()
    count = index_rebuild(log)
    # What `update_index` shows the operator: the reading, then the load into the new index.
    assert f"Envoi à Elasticsearch : 0/{count} (0\u202f%)" in log.getvalue()
    assert f"Elasticsearch : {count} documents envoyés, index remplacé (" in log.getvalue()
    paths = [(r.method, r.path) for r in cluster.received]
    (create,) = cluster.requests_to("PUT", f"/{ALIAS}-v2-\\d+")
    new = create.path[1:]
    assert create.body["mappings"]["dynamic"] == "strict"
    assert create.body["mappings"]["_meta"] == {"mapping_version": MAPPING_VERSION}
    assert create.body["settings"]["refresh_interval"] == "-1"
    loaded = [line for r in cluster.requests_to(BULK, "/_bulk") for line in r.lines
              if "index" in line and len(line) == 1]  # fmt: skip
    assert len(loaded) == count > 50
    assert {line["index"]["_index"] for line in loaded} == {new}
    (swap,) = cluster.requests_to("POST", "/_aliases")
    assert swap.body["actions"] == [
        {"remove": {"index": LIVE, "alias": ALIAS}},
        {"add": {"index": new, "alias": ALIAS, "is_write_index": True}},
    ]
    # The previous index is dropped only after the alias left it.
    assert paths.index(("DELETE", f"/{LIVE}")) > paths.index(("POST", "/_aliases"))
    assert ("DELETE", f"/{ALIAS}") not in paths


def test_a_refused_document_keeps_the_live_index_and_update_index_fails(demo, cluster):
    def refuse_one(request):
        answer = _acknowledge_all(request)
        ((_action, outcome),) = answer["items"][0].items()
        outcome.update(status=400, error={"type": "document_parsing_exception", "reason": "x"})
        answer["errors"] = True
        return answer

    _rebuild_routes(cluster, bulk_answer=refuse_one)
    with pytest.raises(CommandError, match="index non remplacé"):
        call_command("update_index", verbosity=0)
    assert not cluster.requests_to("POST", "/_aliases")
    (create,) = cluster.requests_to("PUT", f"/{ALIAS}-v2-\\d+")
    assert cluster.requests_to("DELETE", create.path)  # the half-filled index is dropped
