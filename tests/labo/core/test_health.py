import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_health_check_reports_every_part_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "tasks": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


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
