"""How to come and what is arranged for everyone (« Accès et accessibilité »): shown with the
place on the event's page, carried into the calendar file and the API, written by the team in
plain text (never as HTML)."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from events.models import EventPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

ACCESS = "Tram T1, arrêt « Ancely ».\nSalle de plain-pied ; boucle magnétique sur demande."


def test_the_page_shows_how_to_come_line_by_line(demo, client):
    event = make_event("Atelier foncier à Blagnac", access_information=ACCESS)
    html = client.get(event.url).content.decode()
    practical = html.split('id="practical-title"', 1)[1].split("</section>", 1)[0]
    assert "<dt>Accès et accessibilité</dt>" in practical
    assert "Tram T1, arrêt « Ancely ».<br>Salle de plain-pied" in practical


def test_without_access_information_the_page_says_nothing_of_it(demo, client):
    event = make_event("Atelier sans précisions", access_information="")
    assert "Accès et accessibilité" not in client.get(event.url).content.decode()


def test_markup_in_the_access_information_is_shown_as_text(demo, client):
    event = make_event("Atelier piégé", access_information='<script>alert("x")</script>')
    html = client.get(event.url).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_calendar_file_and_the_api_carry_it(demo, client):
    event = make_event(
        "Atelier habitat inclusif", starts_in=timedelta(days=8), access_information=ACCESS
    )
    calendar = Calendar.from_ical(client.get(f"/agenda/{event.slug}/agenda.ics").content)
    (vevent,) = [v for v in calendar.walk("VEVENT") if str(v["SUMMARY"]) == event.title]
    assert "Accès : Tram T1, arrêt « Ancely »." in str(vevent["DESCRIPTION"])
    detail = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert detail["access_information"] == ACCESS


def test_the_demo_says_how_to_reach_the_launch_at_la_cite(demo):
    launch = EventPage.objects.get(slug="lancement-du-labo-a-la-cite")
    assert "fauteuil roulant" in launch.access_information
    online = EventPage.objects.filter(event_format="en-ligne")
    assert online.exists() and not any(e.access_information for e in online)
