"""A card's names from its own row (labo.core.expressions): in the vocabulary's order, an
empty list for a row without any, the same on PostgreSQL and SQLite."""

import pytest
from django.utils import timezone

from events.models import EventPage
from labo.core.expressions import names_of
from resources.models import ResourceTheme

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_names_in_the_vocabularys_order_and_none_for_an_event_without_theme(demo):
    event, other = EventPage.objects.all()[:2]
    first, second = ResourceTheme.objects.order_by("sort_order", "name")[:2]
    # A page's many-to-many (modelcluster) is written when the page is saved.
    event.themes.set([second, first])
    event.save()
    other.themes.set([])
    other.save()
    names = dict(
        EventPage.objects.filter(pk__in=[event.pk, other.pk])
        .annotate(names=names_of(EventPage.themes))
        .values_list("pk", "names")
    )
    assert names == {event.pk: [first.name, second.name], other.pk: []}


def test_the_agenda_shows_each_events_themes(demo, client):
    event = EventPage.objects.live().filter(ends_at__gte=timezone.now()).order_by("starts_at")[0]
    theme = ResourceTheme.objects.order_by("sort_order").first()
    event.themes.set([theme])
    event.save()
    html = client.get("/agenda/").content.decode()
    card = html.split(event.title.replace("'", "&#x27;"))[1].split("</li>")[0]
    assert f'<span class="badge badge--neutral">{theme.name}</span>' in card
