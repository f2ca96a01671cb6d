"""Threads linked to an event: started from the event's page (« Poser une question au forum
à ce sujet »), listed under « Au forum » there, the event named on the thread; an event this
person may not see can be neither linked nor named."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from forum.models import Category, Thread
from tests.events.factories import make_event
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db


def _post(client, event_slug: str, title: str):
    return client.post(
        "/forum/nouveau/",
        {
            "category": Category.objects.get(slug="foncier").pk,
            "title": title,
            "body": "Une question née pendant l'atelier.",
            "evenement": event_slug,
            "token": "3c2b1a09-8f7e-4d6c-9b5a-0f1e2d3c4b5a",
        },
    )


def test_a_thread_started_from_an_event_is_linked_to_it_and_listed_there(demo, client):
    event = make_event("Atelier foncier à Albi")
    client.force_login(demo["membre@labo.test"])
    page = client.get(event.url).content.decode()
    assert f"/forum/nouveau/?evenement={event.slug}" in page
    form = client.get(f"/forum/nouveau/?evenement={event.slug}").content.decode()
    assert "Atelier foncier à Albi" in form  # what the thread will be linked to
    _post(client, event.slug, "Quels terrains pour un habitat groupé à Albi ?")
    thread = Thread.objects.get(title="Quels terrains pour un habitat groupé à Albi ?")
    assert thread.related_event_id == event.pk
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert f'Événement lié : <a href="{event.url}">Atelier foncier à Albi</a>' in thread_page
    client.logout()
    forum_box = Client().get(event.url).content.decode().split('class="related-threads"', 1)[1]
    assert "Quels terrains pour un habitat groupé à Albi ?" in forum_box


def test_an_unknown_event_is_refused_and_nothing_typed_is_lost(demo, client):
    client.force_login(demo["membre@labo.test"])
    response = _post(client, "n-existe-pas", "Un lien impossible")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cet événement n&#x27;existe pas" in html or "Cet événement n'existe pas" in html
    assert "Un lien impossible" in html and "Une question née pendant l&#x27;atelier." in html
    assert not Thread.objects.filter(title="Un lien impossible").exists()


def test_a_members_only_event_is_named_to_members_only(demo, client):
    event = make_event("Réunion des porteurs (membres)")
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    thread = make_thread(demo["membre@labo.test"], title="Suite de la réunion", related_event=event)
    visitor = Client().get(thread.get_absolute_url()).content.decode()
    assert "Réunion des porteurs (membres)" not in visitor
    client.force_login(demo["porteur.a@labo.test"])
    assert (
        "Réunion des porteurs (membres)" in client.get(thread.get_absolute_url()).content.decode()
    )


def test_a_visitor_cannot_link_a_thread_to_an_event(demo, client):
    event = make_event("Atelier ouvert")
    response = _post(client, event.slug, "Sans compte")
    assert response.status_code in (302, 403)
    assert not Thread.objects.filter(title="Sans compte").exists()


def test_the_demo_links_threads_to_their_events(demo, client):
    thread = Thread.objects.get(title="Garantie d'emprunt de la Région : quels délais ?")
    assert thread.related_event.slug == "webinaire-garantie-emprunt-2025"
    html = client.get(thread.related_event.url).content.decode()
    assert "Garantie d&#x27;emprunt de la Région : quels délais ?" in html
