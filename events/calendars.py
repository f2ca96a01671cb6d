"""iCalendar (RFC 5545) for the agenda: one event, the public feed, a member's private feed.

UIDs are stable per event and SEQUENCE grows with every announced change of date or place
(events.models.AnnouncedSchedule), so calendar applications update the entry instead of
adding a second one."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from events.models import EventPage
from labo.addresses import absolute_url
from labo.calendars import calendar_bytes, calendar_new, calendar_uid


def event_uid(event: EventPage) -> str:
    return calendar_uid("evenement", event.pk)


def _sequence(event: EventPage) -> int:
    announced = getattr(event, "announced_schedule", None)
    return announced.sequence if announced is not None else 0


def _vevent(event: EventPage, *, online_link: bool, tentative: bool = False) -> Event:
    url = absolute_url(event.url or "")
    description = [event.summary]
    if event.access_information:
        description.append(_("Accès : %(access)s") % {"access": event.access_information})
    if online_link and event.is_online and event.online_url:
        description.append(_("Lien de connexion : %(url)s") % {"url": event.online_url})
    if url:
        description.append(_("Toutes les informations : %(url)s") % {"url": url})
    if event.cancelled and event.cancellation_note:
        description.insert(0, event.cancellation_note)

    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", event.last_published_at or timezone.now())
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    vevent.add("sequence", _sequence(event))
    vevent.add("dtstart", timezone.localtime(event.starts_at))
    vevent.add("dtend", timezone.localtime(event.ends_at))
    summary = event.title
    if event.cancelled:
        summary = _("[Annulé] %(title)s") % {"title": event.title}
    elif tentative:
        summary = _("[Liste d'attente] %(title)s") % {"title": event.title}
    vevent.add("summary", summary)
    vevent.add("description", "\n\n".join(description))
    vevent.add("location", event.place_label)
    if url:
        vevent.add("url", url)
    if event.is_online and online_link and event.online_url:
        vevent.add("conference", event.online_url, parameters={"value": "URI"})
    if event.cancelled:
        vevent.add("status", "CANCELLED")
    elif tentative:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    themes = [theme.name for theme in event.themes.all()]
    if themes:
        vevent.add("categories", themes)
    if event.commune_id and event.commune.has_centre and event.event_format != "en-ligne":
        vevent.add("geo", (event.commune.latitude, event.commune.longitude))
    return vevent


def calendar_build(
    *,
    name: str,
    events: Iterable[EventPage],
    online_link_for: Iterable[int] = (),
    tentative_for: Iterable[int] = (),
) -> bytes:
    """A VCALENDAR with the Europe/Paris VTIMEZONE. Online links are written only for the
    event ids in `online_link_for` (the caller has checked can_see_online_link)."""
    online_link_for, tentative_for = set(online_link_for), set(tentative_for)
    calendar = calendar_new(name=name)
    for event in events:
        calendar.add_component(
            _vevent(
                event,
                online_link=event.pk in online_link_for,
                tentative=event.pk in tentative_for,
            )
        )
    return calendar_bytes(calendar)


def event_calendar(event: EventPage, *, online_link: bool = False) -> bytes:
    return calendar_build(
        name=event.title, events=[event], online_link_for=[event.pk] if online_link else []
    )
