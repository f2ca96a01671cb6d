"""A meeting's iCalendar file. In an invitation (METHOD:REQUEST, or CANCEL once cancelled) the
only attendee named is its recipient: the carriers of the projects of one agora never read one
another's addresses. The UID never changes and SEQUENCE grows with every change of time or
place, so calendar applications update the entry they already have."""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event, vCalAddress, vText

from labo.addresses import absolute_url
from labo.calendars import calendar_bytes, calendar_new, calendar_uid


def meeting_uid(meeting) -> str:
    return calendar_uid("rendez-vous", meeting.pk)


def meeting_title(meeting, applications) -> str:
    """« Pré-audition — Les Jardins partagés »; a meeting of several applications (an agora)
    is named after its session, never after the other projects."""
    if len(applications) == 1:
        return f"{meeting.get_kind_display()} — {applications[0].project.title}"
    return f"{meeting.get_kind_display()} — {meeting.round.programme.name} {meeting.round.edition}"


def meeting_path(meeting, application) -> str:
    return f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/"


def meeting_calendar(
    meeting, *, applications, application, attendee=None, withdrawn: bool = False
) -> bytes:
    """`applications`: those the reader may know of (theirs, or every one for staff);
    `application`: the one whose page the file links to; `attendee`: the recipient of an
    invitation (None: a file to download, METHOD:PUBLISH); `withdrawn`: they are no longer
    invited, their entry is cancelled."""
    cancelled = meeting.is_cancelled or withdrawn
    method = "PUBLISH" if attendee is None else "CANCEL" if cancelled else "REQUEST"
    calendar = calendar_new(name=meeting_title(meeting, applications), method=method)
    url = absolute_url(meeting_path(meeting, application))

    vevent = Event()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("sequence", meeting.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", meeting.updated_at or timezone.now())
    vevent.add("dtstart", timezone.localtime(meeting.starts_at))
    vevent.add("dtend", timezone.localtime(meeting.ends_at))
    title = meeting_title(meeting, applications)
    if cancelled:
        title = _("[Annulé] %(title)s") % {"title": title}
    vevent.add("summary", title)
    description = []
    if meeting.is_cancelled and meeting.cancellation_note:
        description.append(meeting.cancellation_note)
    if meeting.video_url:
        description.append(_("Lien de visioconférence : %(url)s") % {"url": meeting.video_url})
        vevent.add("conference", meeting.video_url, parameters={"value": "URI"})
    description.append(_("La candidature et ce rendez-vous : %(url)s") % {"url": url})
    vevent.add("description", "\n\n".join(description))
    if meeting.place:
        vevent.add("location", meeting.place)
    elif meeting.video_url:
        vevent.add("location", meeting.video_url)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")

    organiser = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organiser.params["cn"] = vText("CRESS Occitanie — Labo de l'habitat des communs")
    vevent.add("organizer", organiser)
    if attendee is not None:
        person = vCalAddress(f"mailto:{attendee.email}")
        person.params["cn"] = vText(str(attendee))
        person.params["role"] = vText("REQ-PARTICIPANT")
        person.params["partstat"] = vText("NEEDS-ACTION")
        person.params["rsvp"] = vText("FALSE")
        vevent.add("attendee", person)
    calendar.add_component(vevent)
    return calendar_bytes(calendar)
