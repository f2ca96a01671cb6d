"""Absolute links follow SITE_URL wherever the site runs (make demo sets it from its port),
and every error page is the site's own, with a way forward."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from projects.models import Application

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)


def test_make_demo_gives_the_site_the_address_of_the_port_it_serves():
    database = subprocess.run(
        [shutil.which("make"), "-n", "-p", "demo", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        # As on a fresh machine: neither set by whoever runs the suite.
        env={key: value for key, value in os.environ.items() if key not in ("DEBUG", "SITE_URL")},
    ).stdout
    assert "demo: SITE_URL := http://127.0.0.1:8765" in database
    assert "demo: DEBUG = false" in database  # off unless DEBUG=true is asked for


def test_the_calendar_feed_and_structured_data_use_the_site_address(demo, client, settings):
    settings.SITE_URL = "http://127.0.0.1:8765"
    client.force_login(demo["membre@labo.test"])
    html = client.get("/agenda/mes-inscriptions/").content.decode()
    assert 'value="http://127.0.0.1:8765/agenda/mon-agenda/' in html
    assert 'href="webcal://127.0.0.1:8765/agenda/mon-agenda/' in html
    assert "data-copy=" in html  # the copy button, shown by static/js/copy.js
    assert "127.0.0.1:8000" not in html

    page = client.get("/projets/les-toits-partages-du-lauragais/", HTTP_HOST="localhost")
    data = page.content.decode().split('<script type="application/ld+json">')[1]
    assert json.loads(data.split("</script>")[0])["url"].startswith("http://127.0.0.1:8765/")
    csv = client.get("/projets/export.csv", HTTP_HOST="localhost").content.decode()
    assert "http://127.0.0.1:8765/projets/" in csv and "http://localhost" not in csv
    assert (
        "Sitemap: http://127.0.0.1:8765/sitemap.xml" in client.get("/robots.txt").content.decode()
    )


def test_the_404_page_offers_a_search_and_the_main_sections(client):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'role="search"' in html and 'name="q"' in html
    assert 'href="/projets/"' in html and 'href="/agenda/"' in html


def test_the_403_page_says_how_to_get_access(demo, client):
    application = Application.objects.exclude(
        project__memberships__user=demo["membre@labo.test"]
    ).first()
    response = client.get("/candidatures/tableau-de-bord/")
    assert response.status_code == 302  # a visitor signs in first

    client.force_login(demo["membre@labo.test"])
    response = client.get("/candidatures/tableau-de-bord/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Comment y accéder" in html
    assert "référent du projet" in html
    assert "mailto:" in html
    assert 'href="/espace/"' in html
    assert application is not None


def test_the_admin_asks_nothing_of_gravatar(demo, client):
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
