"""The directory /projets/: filters as GET parameters, counts, sort, map, pagination."""

import re

import pytest

from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def _count(html: str) -> int:
    return int(re.search(r'id="results-title"[^>]*>(\d+) projets?', html).group(1))


@pytest.mark.smoke
def test_directory_lists_the_30_demo_projects_with_counts(demo, client):
    html = client.get("/projets/").content.decode()
    assert _count(html) == 30
    assert len(_titles(html)) == 12  # first page
    assert "Haute-Garonne (" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"departement": "12"}, {"Écohameau du Causse", "Vivre au Piton", "Roquefort Ensemble"}),
        ({"etape": "habite"}, {"Habiter Ensemble en Ariège", "L'Îlot du Lot", "Maisons du Quercy"}),
        ({"forme": "scic"}, {"La Cité Ouverte", "Les Mineurs Solidaires", "La Margeride Habitée"}),
        ({"type": "leger"}, {"Écohameau du Causse", "Terres de Lodève"}),
        ({"departement": "30", "recherche_foyers": "1"}, {"Les Mineurs Solidaires"}),
    ],
)
def test_each_filter_narrows_the_list(demo, client, params, expected):
    html = client.get("/projets/", params).content.decode().replace("&#x27;", "'")
    assert set(_titles(html)) == expected
    assert _count(html) == len(expected)


def test_full_text_finds_words_of_the_summary(demo, client):
    html = client.get("/projets/", {"q": "filature"}).content.decode()
    assert _titles(html) == ["Habitat groupé du Grand Pic"]


def test_counts_per_value_take_the_other_filters_into_account(demo, client):
    html = client.get("/projets/", {"forme": "cooperative-habitants"}).content.decode()
    # Coopératives d'habitants: Figeac (46), L'Îlot du Lot (46), Ramonville (31), Perpignan (66),
    # Le Vigan (30), Prades (66).
    assert re.search(r'<option value="46">Lot \(2\)</option>', html)
    assert re.search(r'<option value="66">Pyrénées-Orientales \(2\)</option>', html)
    assert re.search(r'<option value="12">Aveyron \(0\)</option>', html)


def test_unknown_filter_values_are_ignored_with_a_message_never_an_error(demo, client):
    response = client.get("/projets/", {"departement": "99", "etape": "<script>", "page": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ont pas été compris et sont ignorés" in html
    assert _count(html) == 30
    assert "<script>" not in html.split('id="results-title"')[0].split("<main")[1]


def test_sort_by_name_and_pagination_keep_the_filters(demo, client):
    html = client.get("/projets/", {"tri": "nom"}).content.decode()
    titles = _titles(html)
    assert titles == sorted(titles, key=str.casefold) or titles[0] == "Blanquette et Compagnie"
    assert "?tri=nom&amp;page=2" in html
    page3 = client.get("/projets/", {"tri": "nom", "page": 3}).content.decode()
    assert len(_titles(page3)) == 6


def test_the_map_links_each_departement_to_the_filtered_list(demo, client):
    html = client.get("/projets/", {"etape": "groupe"}).content.decode()
    assert html.count("<path d=") == 13
    assert 'href="?departement=46&amp;etape=groupe"' in html
    # The table alternative carries the same numbers as the map.
    assert re.search(r"Lot \(46\)</a></th><td>1</td>", html)
    assert 'aria-label="Aveyron : 1 projet"' in html


def test_drafts_and_pending_revisions_never_show_in_the_directory(demo, client):
    make_project("Projet brouillon secret", live=False)
    html = client.get("/projets/").content.decode()
    assert "Projet brouillon secret" not in html
    # Pending edit of the demo (summary changed, not approved): the public text is the old one.
    assert (
        "une famille accueillante" not in client.get("/projets/", {"q": "maître"}).content.decode()
    )


def test_the_directory_costs_the_same_number_of_queries_for_5_and_30_projects(
    demo, client, django_assert_max_num_queries
):
    from projects.models import ProjectPage

    client.get("/projets/")  # warm caches (site root, settings)
    with django_assert_max_num_queries(40) as thirty:
        client.get("/projets/")
    for project in ProjectPage.objects.all()[5:]:
        project.unpublish()
    client.get("/projets/")  # image renditions of the cards now shown are made once
    with django_assert_max_num_queries(40) as five:
        client.get("/projets/")
    assert len(five.captured_queries) == len(thirty.captured_queries)


def test_the_interactive_map_follows_the_tile_server_setting(demo, client, settings):
    settings.PROJECT_MAP_TILES_URL = ""
    assert 'id="projects-map"' not in client.get("/projets/").content.decode()
    settings.PROJECT_MAP_TILES_URL = "https://tuiles.exemple.org/{z}/{x}/{y}.png"
    settings.PROJECT_MAP_TILES_ATTRIBUTION = "© contributeurs OpenStreetMap"
    html = client.get("/projets/", {"departement": "31"}).content.decode()
    assert 'data-tiles="https://tuiles.exemple.org/{z}/{x}/{y}.png"' in html
    assert 'data-geojson="/projets/export.geojson?departement=31"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert 'data-outlines="/static/img/occitanie-departements.svg"' in html
    # The SVG drawn under the points when no tile loads covers the map's whole view box.
    outlines = (settings.BASE_DIR / "static/img/occitanie-departements.svg").read_text()
    assert 'preserveAspectRatio="none"' in outlines and outlines.count("<path") == 13


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"departement": "31"},
        {"etape": "habite"},
        {"departement": "34", "forme": "scic"},
        {"recherche_foyers": "1"},
        {"type": "partage", "recherche_foyers": "1"},
        {"q": "coopérative", "departement": "31"},
        {"departement": "12", "etape": "permis-depose", "forme": "sas", "recherche_foyers": "1"},
    ],
)
def test_facet_counts_from_one_grouped_query_equal_counting_each_facet_apart(demo, params):
    """Each count is what the other filters leave: the one GROUP BY of project_facets gives,
    for every value, the number of projects the directory would list with it chosen."""
    from django.http import QueryDict

    from labo.facets import value_counts
    from projects.filters import ProjectFilters
    from projects.selectors import filter_projects, project_facets

    query = QueryDict(mutable=True)
    query.update(params)
    filters = ProjectFilters.from_querydict(query)
    facets = project_facets(filters)
    for name, field in [
        ("departement", "departement"),
        ("etape", "stage"),
        ("forme", "legal_form"),
    ]:
        apart = value_counts(filter_projects(filters, exclude=name), field)
        shown = {option["value"]: option["count"] for option in facets[name] if option["count"]}
        assert shown == {value: n for value, n in apart.items() if n and value}, name
    seeking = filter_projects(filters, exclude="recherche_foyers").filter(seeking_households=True)
    assert facets["recherche_foyers"] == seeking.count()
    assert facets["total"] == filter_projects(filters).count()
