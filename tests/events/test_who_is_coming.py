"""« Qui vient ? » on an event's page: everyone sees how many are registered; members see the
names of those who agreed to be shown, never the others', visitors no name at all; the choice
is made in the registration form and kept in the personal data export."""

import pytest
from django.test import Client

from events import services
from events.models import EventPage, Registration, RegistrationStatus
from events.personal_data import registrations_export

pytestmark = pytest.mark.django_db


def _event_with_registrations(demo):
    event = EventPage.objects.filter(registration_enabled=True, capacity__isnull=True).first()
    if event is None:
        event = EventPage.objects.filter(registration_enabled=True).first()
        event.capacity = None
        event.save_revision().publish()
    Registration.objects.filter(event=event).delete()
    shown, hidden = demo["porteur.a@labo.test"], demo["porteur.b@labo.test"]
    Registration.objects.create(
        event=event, user=shown, status=RegistrationStatus.CONFIRMED, name_shown=True
    )
    Registration.objects.create(
        event=event, user=hidden, status=RegistrationStatus.CONFIRMED, name_shown=False
    )
    return event, shown, hidden


def test_members_see_only_the_names_shown_and_visitors_a_count(demo, login):
    event, shown, hidden = _event_with_registrations(demo)
    visitor = Client().get(event.url).content.decode()
    assert "2 personnes inscrites" in visitor
    assert shown.display_name not in visitor and hidden.display_name not in visitor
    member = login("membre@labo.test").get(event.url).content.decode()
    assert "2 personnes inscrites" in member
    assert shown.display_name in member and hidden.display_name not in member
    assert "ont préféré ne pas être nommées" in member


def test_the_choice_is_made_when_registering_and_exported(demo, login):
    event = EventPage.objects.get(slug="atelier-foncier-communes-montpellier")
    member = demo["membre@labo.test"]
    client = login("membre@labo.test")
    form = client.get(event.url).content.decode()
    assert "Afficher mon nom dans « Qui vient ? »" in form
    Registration.objects.filter(event=event, user=member).delete()
    data = {"name_shown": "on"}
    for question in event.questions.all():
        data[f"question_{question.pk}"] = "oui"
    response = client.post(f"/agenda/{event.slug}/inscription/", data)
    assert response.status_code in (200, 302)
    registration = Registration.objects.get(event=event, user=member)
    assert registration.name_shown is True
    assert registrations_export(member)[-1]["nom_affiche_parmi_les_participants"] is True
    # Registered again without ticking: not shown any more.
    services.registration_cancel(registration=registration, by=member)
    services.registration_create(event=event, user=member)
    assert Registration.objects.get(event=event, user=member).name_shown is False


def test_share_links_carry_the_page_address(demo):
    event = EventPage.objects.get(slug="atelier-foncier-communes-montpellier")
    html = Client().get(event.url).content.decode()
    assert "linkedin.com/sharing/share-offsite/?url=http" in html
    assert "mailto:?subject=" in html and 'id="event-address"' in html


def test_every_demo_event_opens_on_a_picture_and_a_presentation(demo):
    for event in EventPage.objects.live():
        html = Client().get(event.url).content.decode()
        assert '<figure class="cover">' in html, event.slug
        assert 'aria-label="Présentation"' in html, event.slug
