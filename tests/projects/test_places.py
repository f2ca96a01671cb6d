"""Where things are: the commune suggestions carry each commune's centre (the project form's
map moves there), an event held somewhere has its place, an online one none, and the pages
show a small map of their place."""

import re

import pytest

from events.models import EventPage
from projects.models import Commune, ProjectPage

pytestmark = pytest.mark.django_db


def test_commune_suggestions_carry_each_centre(demo, client):
    html = client.get("/projets/communes/", {"commune": "Saint-Aff"}).content.decode()
    option = re.search(
        r'<option value="Saint-Affrique \(12\)" data-lat="([\d.]+)" data-lng="([\d.]+)">', html
    )
    assert option, html
    commune = Commune.objects.get(name="Saint-Affrique", departement="12")
    assert float(option[1]) == pytest.approx(commune.latitude, abs=1e-5)
    assert float(option[2]) == pytest.approx(commune.longitude, abs=1e-5)


def test_a_commune_as_the_form_shows_it_finds_that_commune_only(demo, client):
    html = client.get("/projets/communes/", {"commune": "Saint-Affrique (12)"}).content.decode()
    assert html.count("<option") == 1 and "Saint-Affrique (12)" in html
    assert client.get("/projets/communes/", {"commune": "Saint-Affrique (31)"}).content == b""
    # Anything else typed, markup included, is only ever a search.
    hostile = client.get("/projets/communes/", {"commune": '<script>"x" (1'}).content
    assert hostile == b""


def test_an_event_held_somewhere_has_its_place_and_an_online_one_none(demo):
    held = EventPage.objects.get(slug="atelier-foncier-communes-montpellier")
    latitude, longitude, precision = held.map_point
    assert (latitude, longitude) == (held.commune.latitude, held.commune.longitude)
    assert precision == "commune"
    online = EventPage.objects.get(slug="webinaire-preparer-dossier-garantie")
    assert online.map_point is None


def test_pages_show_a_map_of_their_place_with_the_tiles_setting(demo, client, settings):
    project = ProjectPage.objects.get(slug="les-toits-partages-du-lauragais")
    html = client.get(project.url).content.decode()
    latitude, longitude, precision = project.map_point
    assert f'data-lat="{latitude:.5f}" data-lng="{longitude:.5f}"' in html
    assert f'data-precision="{precision}"' in html and "js/maps.js" in html
    event = client.get("/agenda/atelier-foncier-communes-montpellier/").content.decode()
    assert 'class="place-map"' in event
    assert (
        'class="place-map"'
        not in client.get("/agenda/webinaire-preparer-dossier-garantie/").content.decode()
    )
    settings.PROJECT_MAP_TILES_URL = ""
    assert (
        'class="place-map"'
        not in client.get(
            "/agenda/atelier-foncier-communes-montpellier/?sans-tuiles"
        ).content.decode()
    )
