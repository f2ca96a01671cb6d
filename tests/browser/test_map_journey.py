"""The maps in Chromium, without internet as in `make demo` here: the directory's map clusters
the projects its filters show and falls back to the outlines of the départements when no tile
loads; a project's and an event's page show their place; a carrier places their project by
clicking the map. Tiles that do load keep the map on them."""

import re

import pytest

from projects.models import ProjectPage
from tests.browser.conftest import axe_violations, sign_in

SLUG = "les-toits-partages-du-lauragais"
TILE = re.compile(r"^http://127\.0\.0\.1:9/")
# A plain tile (a 1×1 PNG) served in place of a provider's.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a3f4e5d10000000049454e44ae426082"
)


def _points(page, selector: str) -> int:
    page.wait_for_function(
        "(selector) => document.querySelector(selector)?.dataset.points", arg=selector
    )
    return int(page.locator(selector).get_attribute("data-points"))


def test_the_directory_map_clusters_the_filtered_projects_on_the_outlines_when_offline(page):
    page.goto("/projets/")
    assert _points(page, "#projects-map") == 30
    page.wait_for_selector("#projects-map[data-offline=true]")
    assert page.locator("#projects-map .leaflet-image-layer").count() == 1
    assert page.get_by_text("Le fond de carte ne peut pas être chargé").is_visible()
    # Clusters gather close projects: fewer markers than projects, and they add up to 30.
    clusters = page.locator("#projects-map .marker-cluster")
    assert clusters.count() >= 1
    counted = sum(int(text) for text in clusters.all_inner_texts())
    single = page.locator("#projects-map path.leaflet-interactive").count()
    assert counted + single == 30

    # The same filters as the list.
    page.goto("/projets/?departement=31")
    listed = page.locator(".directory__results .card").count()
    assert _points(page, "#projects-map") == listed
    assert listed == ProjectPage.objects.live().filter(departement="31").count()

    # One project found: its point opens on its name and a link to its page.
    page.goto("/projets/?q=Lauragais")
    assert _points(page, "#projects-map") == 1
    page.wait_for_selector("#projects-map[data-offline=true]")
    page.locator("#projects-map path.leaflet-interactive").click()
    popup = page.locator(".leaflet-popup-content a")
    assert popup.inner_text() == "Les Toits Partagés du Lauragais"
    assert popup.get_attribute("href").endswith(f"/projets/{SLUG}/")
    # Leaflet fades a popup in: axe would read its colours half-faded (a flake seen once).
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert axe_violations(page) == []


def test_tiles_that_load_keep_the_map_on_them(page):
    page.route(TILE, lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.goto("/projets/")
    assert _points(page, "#projects-map") == 30
    page.wait_for_selector("#projects-map .leaflet-tile-loaded")
    page.wait_for_timeout(500)
    assert page.locator("#projects-map").get_attribute("data-offline") is None
    assert page.locator("#projects-map .leaflet-image-layer").count() == 0
    assert not page.get_by_text("Le fond de carte ne peut pas être chargé").is_visible()


def test_a_project_and_an_event_show_their_place(page):
    for address in (f"/projets/{SLUG}/", "/agenda/atelier-foncier-communes-montpellier/"):
        page.goto(address)
        assert _points(page, ".place-map") == 1, address
        page.wait_for_selector(".place-map[data-offline=true]")
        assert page.locator(".place-map path.leaflet-interactive").count() == 1
        assert axe_violations(page) == [], address
    # An online event has no place to show.
    page.goto("/agenda/webinaire-preparer-dossier-garantie/")
    assert (
        page.get_by_text("Rejoindre la visioconférence").count()
        + page.get_by_text("Le lien de connexion").count()
    )
    assert page.locator(".place-map").count() == 0


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_a_carrier_places_their_project_by_clicking_the_map(page, motion):
    # The map follows the commune chosen, whether it glides or jumps (less motion asked for);
    # it once stayed put when the offline fallback's animated zoom was still running.
    page.emulate_media(reduced_motion=motion)
    sign_in(page, "porteur.a@labo.test")
    page.goto(f"/projets/{SLUG}/modifier/")
    picker = page.locator(".location-picker")
    assert _points(page, ".location-picker") == 1
    page.get_by_label("Commune seulement").check()
    page.fill("[name=latitude]", "")
    page.fill("[name=longitude]", "")
    page.fill("#id_commune", "Saint-Affrique (12)")
    page.locator("#id_commune").dispatch_event("change")
    page.wait_for_function(
        "document.querySelector('.location-picker__status').textContent.includes('Saint-Affrique')"
    )
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 20, box["y"] + box["height"] / 2)
    assert page.get_by_label("Emplacement précis").is_checked()
    latitude = float(page.input_value("[name=latitude]"))
    longitude = float(page.input_value("[name=longitude]"))
    # Saint-Affrique is at 43.96 N, 2.89 E: the click lands a little east of its centre.
    assert 43.5 < latitude < 44.4 and 2.89 < longitude < 3.6
    page.get_by_role("button", name="Envoyer mes modifications pour validation").click()
    page.wait_for_url(f"**/projets/{SLUG}/apercu/")
    project = ProjectPage.objects.get(slug=SLUG).get_latest_revision_as_object()
    assert project.commune.name == "Saint-Affrique"
    assert project.location_precision == "precise"
    assert abs(float(project.latitude) - latitude) < 1e-4
    assert abs(float(project.longitude) - longitude) < 1e-4
