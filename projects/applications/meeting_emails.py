"""A meeting's e-mails, each with the .ics for its recipient: the invitation, its updates, its
cancellation, the reminder the day before. What a task sends is decided when it runs, from the
meeting as it is then: an update queued before a cancellation sends the cancellation, a
reminder for someone no longer invited sends nothing."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_tasks import task

from labo.addresses import absolute_url
from labo.dates import time_span
from labo.notifications.mailer import email_send
from projects.applications import permissions
from projects.applications.meeting_calendar import meeting_calendar, meeting_path, meeting_title
from projects.models import Meeting

INVITATION, UPDATE, CANCELLATION, REMINDER = "invitation", "update", "cancel", "reminder"


def applications_known_to(meeting, user) -> list:
    """The meeting's applications this person may see: all of them for staff, their own
    project's (or their organisation's) for the others."""
    applications = list(meeting.applications.select_related("project").order_by("pk"))
    return [a for a in applications if permissions.can_see_meetings(user, a)]


def meeting_when(meeting) -> str:
    """« mardi 17 mars 2026, de 14h à 16h » in Europe/Paris."""
    return time_span(meeting.starts_at, meeting.ends_at)


@task()
def send_meeting_email(meeting_id: int, user_id: int, reason: str) -> bool:
    meeting = Meeting.objects.select_related("round__programme").filter(pk=meeting_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if meeting is None or user is None:
        return False
    invited = meeting.participants.filter(pk=user_id).exists()
    if reason == REMINDER and (meeting.is_cancelled or not invited):
        return False
    applications = applications_known_to(meeting, user)
    if not applications:
        return False
    cancelled = meeting.is_cancelled or not invited
    title = meeting_title(meeting, applications)
    if cancelled:
        subject = _("Rendez-vous annulé : %(title)s")
    elif reason == REMINDER:
        subject = _("C'est demain : %(title)s")
    elif reason == UPDATE:
        subject = _("Rendez-vous modifié : %(title)s")
    else:
        subject = _("Invitation : %(title)s")
    calendar = meeting_calendar(
        meeting,
        applications=applications,
        application=applications[0],
        attendee=user,
        withdrawn=not invited,
    )
    method = "CANCEL" if cancelled else "REQUEST"
    email_send(
        to=user.email,
        subject=subject % {"title": title},
        template="applications/email/meeting",
        context={
            "recipient": user,
            "meeting": meeting,
            "title": title,
            "when": meeting_when(meeting),
            "reason": reason,
            "cancelled": cancelled,
            "withdrawn": not invited and not meeting.is_cancelled,
            "link": absolute_url(meeting_path(meeting, applications[0])),
        },
        attachments=[
            ("rendez-vous.ics", calendar, f"text/calendar; charset=utf-8; method={method}")
        ],
    )
    return True
