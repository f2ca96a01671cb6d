import ipaddress
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from labo.core.health import running_version
from labo.notifications.tasks import deliver_notification_email
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_health_check_reports_every_part_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    payload = response.json()
    assert payload["status"] == "ok"
    assert payload["checks"] == {"database": "ok", "search": "ok", "tasks": "ok"}
    assert "no-cache" in response["Cache-Control"]
    # The test client calls from 127.0.0.1: the monitoring's figures are there.
    assert payload["version"] == running_version() != ""
    assert payload["migrations"] == {"pending": 0}
    assert payload["task_queue"] == {"queued": 0, "oldest_seconds": 0, "failed_last_day": 0}
    documents = SearchDocument.objects.count()
    assert documents > 0
    assert payload["search_index"] == {
        "engine": "database",
        "documents": documents,
        "database": documents,
    }


def test_a_load_balancer_may_ask_with_head_and_nothing_may_post(client):
    head = client.head("/sante/", HTTP_HOST="10.0.0.12:8000")
    assert head.status_code == 200 and head.content == b""
    assert client.post("/sante/").status_code == 405


@override_settings(ALLOWED_HOSTS=["labo.cressoccitanie.org"])
def test_health_answers_at_the_containers_own_address_and_nothing_else_does(client):
    """The healthcheck calls http://127.0.0.1:8000/sante/, which ALLOWED_HOSTS does not list;
    every other page still refuses a host it does not serve."""
    assert client.get("/sante/", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/sante/", HTTP_HOST="labo.cressoccitanie.org").status_code == 200
    for path in ("/", "/projets/", "/sante", "/sante/plus/", "/compte/login/"):
        assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code == 400, path
    assert client.get("/", HTTP_HOST="labo.cressoccitanie.org").status_code == 200


@pytest.mark.parametrize(
    ("remote", "forwarded", "shown"),
    [
        ("127.0.0.1", None, True),
        ("::1", None, True),
        ("203.0.113.7", None, False),
        # The public behind a proxy on the same machine: the proxy's address is loopback, the
        # visitor's is not.
        ("127.0.0.1", "203.0.113.7", False),
        ("127.0.0.1", "not-an-address", False),
        ("10.4.0.9", None, True),
    ],
)
def test_the_figures_are_for_the_monitoring_only(client, settings, remote, forwarded, shown):
    settings.HEALTH_DETAILS_NETWORKS = [
        *settings.HEALTH_DETAILS_NETWORKS,
        ipaddress.ip_network("10.4.0.0/16"),
    ]
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    payload = client.get("/sante/", **headers).json()
    # Everyone learns whether the site is up, and nothing more.
    assert payload["status"] == "ok"
    assert set(payload["checks"]) == {"database", "search", "tasks"}
    for figure in ("version", "migrations", "task_queue", "search_index"):
        assert (figure in payload) is shown, figure


def test_the_task_queue_reports_waiting_tasks_and_the_oldest_ones_age(client, settings):
    """The database backend, as in production, with no worker running: what the monitoring
    sees when the worker has stopped."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_notification_email.enqueue(0)
    deliver_notification_email.enqueue(0)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at").first().pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=12)
    )
    report = client.get("/sante/").json()["task_queue"]
    assert report["queued"] == 2
    assert 12 * 60 <= report["oldest_seconds"] < 13 * 60
    assert report["failed_last_day"] == 0


# Nothing listens on port 9: the search engine is really unreachable.
@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_health_check_answers_503_naming_the_search_engine_when_it_is_down(client):
    response = client.get("/sante/")
    assert response.status_code == 503
    payload = response.json()
    assert payload["status"] == "error"
    assert payload["down"] == ["search"]
    assert payload["checks"]["database"] == "ok"


def test_health_check_answers_503_naming_the_database_when_it_is_down():
    # A separate process whose database really is unreachable: nothing listens on port 9, and
    # an SQLite file cannot be created in a folder that does not exist.
    dead_database = (
        "postgres://postgres@127.0.0.1:9/labo"
        if connections["default"].vendor == "postgresql"
        else "sqlite:////nonexistent-folder/labo.sqlite3"
    )
    script = (
        "import django, json; django.setup(); "
        "from django.test import Client; "
        "response = Client().get('/sante/'); "
        "print(response.status_code, json.dumps(response.json()))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": dead_database,
        "DJANGO_SETTINGS_MODULE": "labo.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    status, payload = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503", result.stderr
    assert "database" in json.loads(payload)["down"]
