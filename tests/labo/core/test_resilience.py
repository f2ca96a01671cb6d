"""When a part of the platform goes away, people get a clear page, never a stack trace, and
what still works keeps working."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.test import override_settings

from labo.notifications.delivery import queued_emails_retry
from labo.notifications.models import EmailStatus, QueuedEmail

pytestmark = pytest.mark.django_db

# Nothing listens on port 9: whatever points there is really unreachable.
DEAD_ELASTICSEARCH = "http://127.0.0.1:9"


def _requests_with_the_database_gone(paths: list[str]) -> dict:
    """Run requests in a separate process whose database really is unreachable (a port where
    nothing listens, or an SQLite file in a folder that does not exist)."""
    dead_database = (
        "postgres://postgres@127.0.0.1:9/labo"
        if connections["default"].vendor == "postgresql"
        else "sqlite:////nonexistent-folder/labo.sqlite3"
    )
    script = (
        "import django, json, sys; django.setup(); "
        "from django.test import Client; "
        "client = Client(raise_request_exception=False); "
        "answers = {}\n"
        "for path in sys.argv[1:]:\n"
        "    r = client.get(path)\n"
        "    answers[path] = [r.status_code, r.get('Retry-After'), r.content.decode()]\n"
        "print(json.dumps(answers))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *paths],
        env={
            **os.environ,
            "DATABASE_URL": dead_database,
            "DJANGO_SETTINGS_MODULE": "labo.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_lost_database_gives_a_friendly_503_on_every_kind_of_page():
    answers = _requests_with_the_database_gone(["/", "/projets/", "/forum/", "/compte/login/"])
    for path, (status, retry_after, html) in answers.items():
        assert status == 503, path
        assert retry_after == "60", path
        assert "Le site est momentanément indisponible" in html, path
        assert "Traceback" not in html and "OperationalError" not in html, path


@override_settings(ELASTICSEARCH_URL=DEAD_ELASTICSEARCH)
def test_an_unreachable_search_engine_degrades_the_search_page_only(client):
    page = client.get("/recherche/", {"q": "habitat participatif"})
    html = page.content.decode()
    assert page.status_code == 503
    assert "La recherche est momentanément indisponible" in html
    assert 'href="/projets/"' in html  # where to go instead
    assert "habitat participatif" in html  # the question typed is kept in the box

    suggestions = client.get("/recherche/suggestions/", {"q": "habitat"})
    assert suggestions.status_code == 200
    assert suggestions.json() == {"results": [], "unavailable": True}

    for path in ("/", "/projets/", "/ressources/", "/agenda/", "/forum/", "/recherche/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/sante/").json()["down"] == ["search"]


def test_a_mail_server_outage_delays_account_emails_instead_of_losing_them(
    demo, client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": "membre@labo.test"})
    assert response.status_code == 302  # the member is told to check their inbox, no error
    queued = QueuedEmail.objects.get(to="membre@labo.test")
    assert queued.email_status == EmailStatus.PENDING
    assert queued.email_attempts == 1
    assert "/compte/password/reset/key/" in queued.body

    # The mail server is back: the next scheduled run sends it, then forgets the link.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert queued_emails_retry(older_than=timedelta(0)) == 1
    assert [m.to for m in mailoutbox] == [["membre@labo.test"]]
    assert "/compte/password/reset/key/" in mailoutbox[0].body
    queued.refresh_from_db()
    assert (queued.email_status, queued.body, queued.html_body) == (EmailStatus.SENT, "", "")
    assert queued_emails_retry(older_than=timedelta(0)) == 0  # never twice


def test_a_forged_host_header_gets_the_400_page_not_a_crash(demo, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["labo.example.org"]
    # Refused by CommonMiddleware, before authentication: the page still renders its menu.
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="pirate.example")
    assert response.status_code == 400
    assert "Labo de l" in response.content.decode()
