"""iCalendar files and feeds (parsed with the icalendar library), and the e-mails registrants
get: confirmation with the .ics, reminders exactly once, changes and cancellations."""

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events import emails, services
from events.choices import EmailStatus, EventFormat
from events.models import CalendarFeed, EventEmail
from tests.events.factories import make_event, publish_change
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
VISIO = "https://visio.exemple.fr/salle-du-webinaire"


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    return Calendar.from_ical(raw)


def _vevents(calendar: Calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_an_event_ics_has_a_stable_uid_the_paris_time_zone_the_place_and_the_url(
    demo, client, settings
):
    event = make_event("Atelier foncier à Toulouse", starts_in=timedelta(days=12))
    calendar = _parse(client.get(f"/agenda/{event.slug}/agenda.ics"))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    vevent = _vevents(calendar)["Atelier foncier à Toulouse"]
    host = urlsplit(settings.SITE_URL).hostname
    assert str(vevent["UID"]) == f"evenement-{event.pk}@{host}"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == event.starts_at.astimezone(PARIS)
    assert vevent.decoded("DTEND") == event.ends_at.astimezone(PARIS)
    assert str(vevent["LOCATION"]) == "Salle des fêtes, Toulouse"
    assert str(vevent["URL"]).endswith(f"/agenda/{event.slug}/")
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert int(vevent["SEQUENCE"]) == 0
    # Asking again gives the same file: calendar applications see no phantom change.
    assert client.get(f"/agenda/{event.slug}/agenda.ics").content == calendar.to_ical()


def test_a_change_of_date_bumps_the_sequence_and_keeps_the_uid(demo, client):
    event = make_event("Rencontre déplacée")
    before = _vevents(_parse(client.get(f"/agenda/{event.slug}/agenda.ics")))["Rencontre déplacée"]
    publish_change(
        event,
        starts_at=event.starts_at + timedelta(days=1),
        ends_at=event.ends_at + timedelta(days=1),
    )
    after = _vevents(_parse(client.get(f"/agenda/{event.slug}/agenda.ics")))["Rencontre déplacée"]
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") - before.decoded("DTSTART") == timedelta(days=1)
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_the_agenda_feed_lists_public_upcoming_events_and_honours_the_filters(demo, client):
    make_event("Webinaire filtré", event_format=EventFormat.ONLINE, commune=None)
    make_event("Brouillon caché", publish=False)
    make_event("Déjà passé", starts_in=timedelta(days=-3))
    summaries = set(_vevents(_parse(client.get("/agenda/agenda.ics"))))
    assert "Webinaire filtré" in summaries
    assert "Brouillon caché" not in summaries and "Déjà passé" not in summaries
    assert "Lancement du Labo de l'habitat des communs" not in summaries  # September 2025
    online = set(_vevents(_parse(client.get("/agenda/agenda.ics", {"format": "en-ligne"}))))
    assert "Webinaire filtré" in online
    assert "Café des porteurs de projets à Toulouse" not in online  # hybrid, not online
    in_gard = set(_vevents(_parse(client.get("/agenda/agenda.ics", {"departement": "30"}))))
    assert in_gard == {"Rencontre locale dans le Gard : décider ensemble"}
    # Nonsense parameters are ignored, never a server error.
    assert (
        client.get("/agenda/agenda.ics", {"format": "<script>", "mois": "x" * 500}).status_code
        == 200
    )


def test_the_personal_feed_shows_a_members_events_with_links_until_the_token_is_renewed(
    demo, client
):
    member = demo["membre@labo.test"]
    webinar = make_event(
        "Webinaire privé", event_format=EventFormat.ONLINE, commune=None, online_url=VISIO
    )
    full = make_event("Atelier complet", capacity=1)
    services.registration_create(event=full, user=UserFactory())
    services.registration_create(event=webinar, user=member)
    services.registration_create(event=full, user=member)
    make_event("Sans moi")

    client.force_login(member)
    page = client.get("/agenda/mes-inscriptions/").content.decode()
    token = CalendarFeed.objects.get(user=member).token
    assert f"/agenda/mon-agenda/{token}.ics" in page
    client.logout()

    events = _vevents(_parse(client.get(f"/agenda/mon-agenda/{token}.ics")))
    assert set(events) == {"Webinaire privé", "[Liste d'attente] Atelier complet"}
    assert VISIO in events["Webinaire privé"]["DESCRIPTION"]
    assert str(events["[Liste d'attente] Atelier complet"]["STATUS"]) == "TENTATIVE"

    client.force_login(member)
    client.post("/agenda/mes-inscriptions/nouvelle-adresse/")
    client.logout()
    assert client.get(f"/agenda/mon-agenda/{token}.ics").status_code == 404
    new_token = CalendarFeed.objects.get(user=member).token
    assert new_token != token
    assert client.get(f"/agenda/mon-agenda/{new_token}.ics").status_code == 200
    assert client.get("/agenda/mon-agenda/devine.ics").status_code == 404


# E-mails --------------------------------------------------------------------------------------


def test_the_confirmation_email_carries_the_ics_and_the_link_for_online_events(
    demo, django_capture_on_commit_callbacks
):
    event = make_event(
        "Webinaire garantie", event_format=EventFormat.ONLINE, commune=None, online_url=VISIO
    )
    member = UserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=member)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert message.subject.endswith("Inscription confirmée : Webinaire garantie")
    assert VISIO in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "evenement.ics" and mimetype.startswith("text/calendar")
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Webinaire garantie"
    assert str(vevent["CONFERENCE"]) == VISIO


def test_waitlisted_people_get_their_position_and_no_link(demo, django_capture_on_commit_callbacks):
    event = make_event(
        "Petit webinaire",
        event_format=EventFormat.ONLINE,
        commune=None,
        capacity=1,
        online_url=VISIO,
    )
    services.registration_create(event=event, user=UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=UserFactory())
    (message,) = mail.outbox
    assert "n° 1 sur la liste d'attente" in message.body
    assert VISIO not in message.body and not message.attachments


def test_reminders_go_out_once_the_day_before_and_one_hour_before_online_events(demo):
    online = make_event(
        "Webinaire demain",
        event_format=EventFormat.ONLINE,
        commune=None,
        online_url=VISIO,
        starts_in=timedelta(days=3),
    )
    on_site = make_event("Atelier demain", starts_in=timedelta(days=3))
    people = [UserFactory() for _ in range(3)]
    for person in people[:2]:
        services.registration_create(event=online, user=person)
    services.registration_create(event=on_site, user=people[2])
    emails.event_emails_deliver_pending()  # the confirmations
    mail.outbox.clear()

    def run(at):
        queued = services.event_reminders_queue(now=at)
        emails.event_emails_deliver_pending()
        return queued

    assert run(timezone.now()) == 0  # three days before: nothing yet
    day_before = online.starts_at - timedelta(hours=20)
    assert run(day_before) == 3
    assert run(day_before + timedelta(minutes=10)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("C'est demain" in m.subject for m in mail.outbox)
    mail.outbox.clear()

    hour_before = online.starts_at - timedelta(minutes=55)
    assert run(hour_before) == 2  # the online event only
    assert run(hour_before + timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 2
    assert all("Dans une heure" in m.subject and VISIO in m.body for m in mail.outbox)
    # The command the scheduler runs is the same path, and finds nothing more to do.
    call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2


def test_a_reminder_for_someone_who_cancelled_is_not_sent(demo):
    event = make_event("Annulé entre-temps", starts_in=timedelta(days=3))
    registration = services.registration_create(event=event, user=UserFactory())
    emails.event_emails_deliver_pending()
    services.event_reminders_queue(now=event.starts_at - timedelta(hours=2))
    services.registration_cancel(registration=registration, by=registration.user)
    mail.outbox.clear()
    emails.event_emails_deliver_pending()
    assert mail.outbox == []
    assert (
        EventEmail.objects.get(registration=registration, kind="rappel-veille").status
        == EmailStatus.SKIPPED
    )


def test_a_change_of_date_or_place_is_sent_to_every_registrant_once(demo):
    event = make_event("Rencontre qui bouge", capacity=1)
    confirmed, waitlisted = UserFactory(), UserFactory()
    services.registration_create(event=event, user=confirmed)
    services.registration_create(event=event, user=waitlisted)
    emails.event_emails_deliver_pending()
    mail.outbox.clear()

    publish_change(event, summary="Un résumé retouché")  # not a change of date or place
    emails.event_emails_deliver_pending()
    assert mail.outbox == []

    publish_change(
        event,
        venue_name="Nouvelle salle",
        starts_at=event.starts_at + timedelta(hours=2),
        ends_at=event.ends_at + timedelta(hours=2),
    )
    emails.event_emails_deliver_pending()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waitlisted.email])
    message = next(m for m in mail.outbox if m.to == [confirmed.email])
    assert "Changement de date ou de lieu" in message.subject
    assert (
        "Salle des fêtes, Toulouse" in message.body and "Nouvelle salle, Toulouse" in message.body
    )
    assert message.attachments  # the updated .ics for the confirmed person


def test_cancelling_an_event_tells_registrants(demo):
    event = make_event("Rencontre annulée")
    person = UserFactory()
    services.registration_create(event=event, user=person)
    emails.event_emails_deliver_pending()
    mail.outbox.clear()
    publish_change(event, cancelled=True, cancellation_note="La salle est indisponible.")
    emails.event_emails_deliver_pending()
    (message,) = mail.outbox
    assert "Événement annulé" in message.subject
    assert "La salle est indisponible." in message.body
    with pytest.raises(services.RegistrationRefused):
        services.registration_create(event=event, user=UserFactory())


def test_a_smtp_failure_leaves_the_email_pending_for_the_next_run(demo, settings):
    event = make_event("Panne SMTP")
    # A real SMTP connection to a port where nothing listens: the send fails.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    registration = services.registration_create(event=event, user=UserFactory())
    assert emails.event_emails_deliver_pending() == 0
    email = EventEmail.objects.get(registration=registration)
    assert email.status == EmailStatus.PENDING and email.attempts == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert emails.event_emails_deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_raising_capacity_in_the_admin_confirms_the_waiting_list(demo):
    event = make_event("Jauge augmentée", capacity=1)
    services.registration_create(event=event, user=UserFactory())
    waiting = services.registration_create(event=event, user=UserFactory())
    publish_change(event, capacity=2)
    waiting.refresh_from_db()
    assert waiting.is_confirmed
