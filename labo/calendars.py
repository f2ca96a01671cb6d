"""iCalendar (RFC 5545) files, shared by the agenda (events.calendars) and the applications'
meetings (projects.applications.meeting_calendar): the product id, the Europe/Paris time zone
written the way calendar applications write it, and UIDs stable per object."""

from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Timezone

PRODID = "-//CRESS Occitanie//Labo de l'habitat des communs//FR"

# The European summer-time rule (since 1996) as calendar applications write it: two RRULEs
# instead of the list of every change icalendar would generate.
EUROPE_PARIS = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def calendar_uid(prefix: str, pk: int) -> str:
    """« evenement-12@labo.cressoccitanie.org »: the same object, the same entry, whatever
    changes (a calendar application updates the entry instead of adding a second one)."""
    host = urlsplit(settings.SITE_URL).hostname or "labo.local"
    return f"{prefix}-{pk}@{host}"


def calendar_new(*, name: str, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def calendar_bytes(calendar: Calendar) -> bytes:
    """The file, with the VTIMEZONE its local times refer to."""
    if settings.TIME_ZONE == "Europe/Paris":
        calendar.subcomponents.insert(0, Timezone.from_ical(EUROPE_PARIS.replace("\n", "\r\n")))
    calendar.add_missing_timezones()
    return calendar.to_ical()
