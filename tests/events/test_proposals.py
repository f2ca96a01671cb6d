"""Carriers propose local events, reviewed in « Relecture » before they reach the agenda; who
must not propose, and what a mistake costs (nothing typed is lost)."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from events.choices import EventScope
from events.models import EventPage
from labo.notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/agenda/proposer/"


def _when(days: int, hours: int = 18) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hours, minute=0).strftime("%Y-%m-%dT%H:%M")


def _data(**overrides):
    data = {
        "title": "Visite du chantier des Toits partagés",
        "summary": "Découvrir la charpente posée et échanger avec les futurs habitants.",
        "description": "Rendez-vous devant le portail.\n\nBottes conseillées.",
        "starts_at": _when(12, 14),
        "ends_at": _when(12, 17),
        "event_format": "presentiel",
        "venue_name": "Chantier des Toits partagés",
        "venue_address": "Chemin de la Rivière",
        "commune": "Castelnaudary (11)",
        "capacity": "20",
    }
    data.update(overrides)
    return data


def _review(page, user, action, comment=""):
    state = WorkflowState.objects.for_instance(page).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def test_a_carrier_proposes_a_local_event_that_waits_for_review_then_is_published(
    demo, client, django_capture_on_commit_callbacks
):
    carrier = demo["porteur.a@labo.test"]
    client.force_login(carrier)
    assert "Proposer une rencontre locale" in client.get("/agenda/").content.decode()
    assert client.get(URL).status_code == 200
    response = client.post(URL, _data())
    assert response.status_code == 302
    event = EventPage.objects.get(title="Visite du chantier des Toits partagés")
    assert (event.live, event.scope, event.owner) == (False, EventScope.LOCAL, carrier)
    assert (event.commune.name, event.departement, event.capacity) == ("Castelnaudary", "11", 20)
    assert "<p>Bottes conseillées.</p>" in str(event.body)
    assert WorkflowState.objects.for_instance(event).filter(status="in_progress").exists()
    # Not in the agenda, not at its address, until the team publishes it.
    client.logout()
    assert "Visite du chantier" not in client.get("/agenda/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _review(event, demo["equipe@labo.test"], "approve", comment="Belle initiative !")
    event.refresh_from_db()
    assert event.live
    assert client.get(event.url).status_code == 200
    told = Notification.objects.get(recipient=carrier, title__contains="est dans l'agenda")
    assert told.body == "Belle initiative !"


def test_a_proposal_sent_back_tells_the_carrier_why(demo, client):
    carrier = demo["porteur.a@labo.test"]
    client.force_login(carrier)
    client.post(URL, _data(title="Apéro des voisins"))
    event = EventPage.objects.get(title="Apéro des voisins")
    _review(event, demo["equipe@labo.test"], "reject", comment="Précisez l'horaire de fin.")
    told = Notification.objects.get(recipient=carrier, title__contains="à reprendre")
    assert told.body == "Précisez l'horaire de fin."


def test_only_carriers_and_the_team_propose(demo, client):
    assert client.get(URL).status_code == 302  # visitors sign in first
    client.force_login(demo["membre@labo.test"])  # a member without a project
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert "Proposer une rencontre locale" not in client.get("/agenda/").content.decode()
    client.force_login(demo["partenaire@labo.test"])
    assert client.post(URL, _data()).status_code == 403
    assert not EventPage.objects.filter(title__startswith="Visite du chantier").exists()


def test_mistakes_are_explained_and_nothing_typed_is_lost(demo, client):
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        URL,
        _data(starts_at=_when(-2), ends_at=_when(-3), commune="Atlantis", venue_name=""),
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "La rencontre doit avoir lieu dans le futur." in html
    assert "La fin doit être après le début." in html
    assert "« Atlantis » n'est pas une commune d'Occitanie" in html
    assert "Indiquez le lieu d'une rencontre sur place." in html
    assert 'value="Visite du chantier des Toits partagés"' in html
    assert "Bottes conseillées." in html

    online = client.post(URL, _data(event_format="en-ligne", commune="", departement=""))
    html = unescape(online.content.decode())
    assert "Indiquez le département qu'elle concerne." in html
    assert "Indiquez le lien d'une rencontre en ligne." in html
    assert not EventPage.objects.filter(title__startswith="Visite du chantier").exists()
