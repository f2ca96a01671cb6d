"""The agenda page: upcoming and past views, filters with counts, the month calendar,
pagination, the demo programme, and a cost that does not grow with the number of events."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.choices import EventFormat, EventScope
from events.models import EventPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def _titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def _count(html):
    return int(re.search(r'id="results-title">(\d+) événements?', html).group(1))


@pytest.mark.smoke
def test_the_demo_always_has_events_to_register_for_and_a_full_one(demo, client):
    html = client.get("/agenda/").content.decode()
    upcoming = _count(html)
    assert upcoming >= 5
    assert len(re.findall(r"places? restantes?|Inscriptions ouvertes", html)) >= 5
    assert (
        "Complet — liste d&#x27;attente ouverte" in html
        or "Complet — liste d'attente ouverte" in html
    )
    assert EventPage.objects.live().count() == 12


@pytest.mark.smoke
def test_past_events_show_their_report_and_resources(demo, client):
    html = client.get("/agenda/", {"periode": "passes"}).content.decode()
    titles = _titles(html)
    assert "Lancement du Labo de l&#x27;habitat des communs" in titles
    assert sum("Agora de l&#x27;appel à projets VIURE" in t for t in titles) == 3
    assert "Compte rendu en ligne" in html
    page = client.get("/agenda/lancement-du-labo-a-la-cite/").content.decode()
    assert "Compte rendu" in page and "plus de 100 personnes" in page
    assert "Vidéo : le lancement du Labo à La Cité" in page
    assert "Cet événement a eu lieu." in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"format": "en-ligne"},
            {
                "Webinaire : préparer son dossier de garantie d'emprunt",
                "Webinaire : coopérative d'habitants, SCIA ou SAA ?",
            },
        ),
        (
            {"portee": "locale", "departement": "09"},
            {"Habiter ensemble en Ariège : visite d'un habitat groupé"},
        ),
        ({"theme": "foncier"}, {"Atelier : trouver du foncier avec sa commune"}),
        ({"q": "foncier commune"}, {"Atelier : trouver du foncier avec sa commune"}),
    ],
)
def test_filters_narrow_the_list(demo, client, params, expected):
    html = client.get("/agenda/", params).content.decode().replace("&#x27;", "'")
    assert set(_titles(html)) == expected


def test_filter_counts_match_the_results(demo, client):
    html = client.get("/agenda/").content.decode()
    online = int(re.search(r'<option value="en-ligne">En ligne \((\d+)\)', html).group(1))
    filtered = client.get("/agenda/", {"format": "en-ligne"}).content.decode()
    assert _count(filtered) == online == 2
    local = int(re.search(r'<option value="locale">Rencontre locale \((\d+)\)', html).group(1))
    assert local == 4


def test_malformed_filters_are_ignored_with_a_notice(demo, client):
    response = client.get(
        "/agenda/", {"format": "<script>", "departement": "99", "mois": "2025-13", "page": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "n'ont pas été compris" in html.replace("&#x27;", "'")
    assert "<script>" not in html.split("<main", 1)[1]


def test_the_month_view_places_multi_day_events_on_each_day(demo, client):
    event = EventPage.objects.get(slug="journees-regionales-habitat-des-communs")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    html = client.get("/agenda/", {"vue": "mois", "mois": month}).content.decode()
    assert html.count("Journées régionales de l&#x27;habitat des communs") == (
        2
        if timezone.localdate(event.starts_at).month == timezone.localdate(event.ends_at).month
        else 1
    )
    september = client.get("/agenda/", {"vue": "mois", "mois": "2025-09"}).content.decode()
    assert "Lancement du Labo" in september and "Septembre 2025" in september


def test_an_empty_month_points_to_the_next_month_with_events(demo, client):
    html = client.get("/agenda/", {"vue": "mois", "mois": "2025-08"}).content.decode()
    assert "Aucun événement ce mois-ci." in html
    assert "mois=2025-09" in html


def test_the_list_is_paginated(demo, client):
    for n in range(12):
        make_event(f"Permanence n° {n:02d}", starts_in=timedelta(days=60 + n))
    first = client.get("/agenda/").content.decode()
    second = client.get("/agenda/", {"page": 2}).content.decode()
    assert len(_titles(first)) == 10
    assert _count(first) == _count(second) == 19
    assert set(_titles(first)).isdisjoint(_titles(second))


def test_the_agenda_costs_the_same_number_of_queries_for_3_and_30_events(demo, client):
    EventPage.objects.all().delete()

    def queries(params=None):
        client.get("/agenda/", params)  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/agenda/", params).status_code == 200
        return len(captured)

    for n in range(2):
        make_event(f"Petit agenda {n}", scope=EventScope.LOCAL, event_format=EventFormat.HYBRID)
    month = {
        "vue": "mois",
        "mois": timezone.localtime(make_event("Repère").starts_at).strftime("%Y-%m"),
    }
    few, few_month = queries(), queries(month)
    for n in range(27):
        make_event(f"Grand agenda {n}", starts_in=timedelta(days=n % 20 + 1))
    assert queries() == few
    assert queries(month) == few_month
    assert few <= 20 and few_month <= 20


def test_a_resource_page_links_back_to_the_events_that_used_it(demo, client):
    html = client.get("/ressources/garantie-demprunt-de-la-region-mode-demploi/").content.decode()
    assert "Événements liés" in html
    assert "/agenda/webinaire-garantie-emprunt-2025/" in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"periode": "passes"},
        {"format": "presentiel"},
        {"portee": "locale", "departement": "34"},
        {"theme": "gouvernance", "format": "hybride"},
        {"q": "habitat", "departement": "31", "periode": "passes"},
    ],
)
def test_facet_counts_from_one_grouped_query_equal_counting_each_facet_apart(demo, params):
    """Format, scope and département come from one GROUP BY: each count is still what the
    agenda would list with that value chosen, in the period shown."""
    from django.http import QueryDict

    from events.filters import EventFilters
    from events.selectors import event_facets, filter_events, in_period
    from labo.facets import value_counts

    query = QueryDict(mutable=True)
    query.update(params)
    filters = EventFilters.from_querydict(query)
    now = timezone.now()
    facets = event_facets(filters, now=now)
    for name, field in [
        ("format", "event_format"),
        ("portee", "scope"),
        ("departement", "departement"),
    ]:
        apart = value_counts(
            in_period(filter_events(filters, exclude=name), filters.periode, now=now), field
        )
        shown = {option["value"]: option["count"] for option in facets[name] if option["count"]}
        assert shown == {value: n for value, n in apart.items() if n and value}, name
    listed = in_period(filter_events(filters), filters.periode, now=now)
    assert facets["total"] == listed.count()


@pytest.mark.parametrize("slug", ["mes-inscriptions", "mon-agenda"])
def test_an_event_may_not_take_the_address_of_an_agenda_route(demo, slug):
    event = EventPage.objects.live().first()
    event.slug = slug
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "réservée par l'agenda" in str(refused.value.message_dict["slug"])
    event.slug = "rencontre-des-habitats"
    event.full_clean()
