"""Writes on meetings: staff fix one on an application (or on several of a session, for an
agora), move it, change who is invited, cancel it and write its minutes. Each write is checked
here, written in the timeline of every application concerned, and e-mailed with its .ics to the
people it concerns (projects.applications.meeting_emails) once the transaction commits."""

from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notification_send
from labo.permissions import is_staff_member
from labo.roles import STAFF_GROUP
from projects.applications import permissions
from projects.applications.meeting_calendar import meeting_path
from projects.applications.meeting_emails import (
    CANCELLATION,
    INVITATION,
    REMINDER,
    UPDATE,
    meeting_when,
    send_meeting_email,
)
from projects.applications.services import _event, _touch
from projects.models import Application, EventKind, Meeting, ProjectMembership

# What changes the entry in a calendar: SEQUENCE grows and everyone gets the update.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "video_url")


def team_of(applications):
    return (
        get_user_model()
        .objects.filter(project_memberships__project__applications__in=applications)
        .distinct()
    )


def meeting_participant_choices(applications):
    """Who may be invited: the projects' teams, the CRESS team, the people of the partner
    organisations the applications are shared with."""
    users = get_user_model().objects.filter(is_active=True)
    return (
        (
            users.filter(project_memberships__project__applications__in=applications)
            | users.filter(groups__name=STAFF_GROUP)
            | users.filter(partner_memberships__organisation__shared_applications__in=applications)
        )
        .distinct()
        .order_by("display_name", "email")
    )


def _check_schedule(starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("La fin du rendez-vous doit suivre son début.")})


def _summary(meeting) -> str:
    text = f"{meeting.get_kind_display()}, {meeting_when(meeting)}"
    where = meeting.place or (_("en visioconférence") if meeting.video_url else "")
    return f"{text} – {where}" if where else text


def _email(meeting, users, reason) -> None:
    ids = sorted({user.pk for user in users})
    for user_id in ids:
        transaction.on_commit(
            partial(
                send_meeting_email.enqueue, meeting_id=meeting.pk, user_id=user_id, reason=reason
            )  # fmt: skip
        )


def _first_application_of(meeting, users) -> dict:
    """{user: the first of the meeting's applications they may open}, in three queries whatever
    the number of people and applications: staff open any, a team its project's, a partner
    those shared with their organisation (projects.applications.permissions.can_see_meetings)."""
    applications = list(meeting.applications.order_by("pk"))
    by_project = {application.project_id: application for application in applications}
    teams: dict[int, list] = {}
    for user_id, project_id in ProjectMembership.objects.filter(
        project_id__in=by_project
    ).values_list("user_id", "project_id"):
        teams.setdefault(user_id, []).append(by_project[project_id])
    shared: dict[int, list] = {}
    for user_id, application_id in Application.shared_with.through.objects.filter(
        application__in=applications
    ).values_list("partnerorganisation__memberships__user", "application_id"):
        shared.setdefault(user_id, []).append(application_id)
    first = {}
    for user in users:
        if is_staff_member(user):
            first[user] = applications[0]
            continue
        own = [a.pk for a in teams.get(user.pk, [])] + shared.get(user.pk, [])
        known = [application for application in applications if application.pk in own]
        if known:
            first[user] = known[0]
    return first


def _notify(meeting, users, title, *, by) -> None:
    """On the site, each person with the link to an application they may open (the e-mail
    with the .ics is sent apart)."""
    by_application: dict = {}
    for user, application in _first_application_of(meeting, users).items():
        by_application.setdefault(application, []).append(user)
    for application, recipients in by_application.items():
        notification_send(
            recipients=recipients,
            kind="applications.appointment",
            title=title,
            url=meeting_path(meeting, application),
            exclude=by,
            email=False,
        )


def _timeline(meeting, by, text, *, carriers=True) -> None:
    for application in meeting.applications.all():
        _event(
            application,
            EventKind.APPOINTMENT,
            by,
            text=text,
            carriers=carriers,
            appointment_kind=meeting.kind,
        )


def next_appointments_sync(applications) -> None:
    """Each application's next meeting, kept on the application for its lists and cards."""
    now = timezone.now()
    for application in applications:
        upcoming = (
            Meeting.objects.filter(applications=application, cancelled_at=None, starts_at__gte=now)
            .order_by("starts_at")
            .first()
        )
        Application.objects.filter(pk=application.pk).update(
            next_appointment_at=upcoming.starts_at if upcoming else None,
            next_appointment_kind=upcoming.kind if upcoming else "",
            next_appointment_place=(upcoming.place or upcoming.video_url)[:300] if upcoming else "",
        )


@transaction.atomic
def meeting_schedule(
    *,
    application,
    by,
    kind: str,
    starts_at,
    ends_at,
    place: str = "",
    video_url: str = "",
    participants=(),
    other_applications=(),
    public_event=None,
) -> Meeting:
    """Fix a meeting on `application` and, for an agora, on other applications of its session:
    their teams are invited with the chosen participants."""
    if not permissions.can_schedule_meetings(by, application):
        raise PermissionDenied
    _check_schedule(starts_at, ends_at)
    others = [a for a in other_applications if a.pk != application.pk]
    if any(a.round_id != application.round_id for a in others):
        raise ValidationError(
            {
                "other_applications": _(
                    "Un rendez-vous ne réunit que des candidatures d'une même session."
                )
            }
        )
    meeting = Meeting.objects.create(
        round=application.round,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        public_event=public_event,
        created_by=by,
    )
    meeting.applications.set([application, *others])
    invited = {*participants, *team_of(others)}
    meeting.participants.set(invited)
    _timeline(meeting, by, _("Rendez-vous fixé : %(meeting)s") % {"meeting": _summary(meeting)})
    next_appointments_sync([application, *others])
    _notify(
        meeting, invited, _("Rendez-vous : %(meeting)s") % {"meeting": _summary(meeting)}, by=by
    )
    _email(meeting, invited, INVITATION)
    return meeting


@transaction.atomic
def meeting_update(*, meeting, by, participants, **schedule) -> Meeting:
    """Change the time, place or link (SEQUENCE grows: everyone invited gets the update) and
    who is invited (newcomers get the invitation, those removed its cancellation)."""
    if not permissions.can_schedule_meetings(by):
        raise PermissionDenied
    # Compared with the meeting as stored (a validated form writes its values on the caller's
    # instance), and locked against a concurrent change.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("Ce rendez-vous est annulé : fixez-en un nouveau."))
    _check_schedule(
        schedule.get("starts_at", meeting.starts_at), schedule.get("ends_at", meeting.ends_at)
    )
    moved = any(getattr(meeting, name) != value for name, value in schedule.items())
    before = set(meeting.participants.all())
    after = set(participants)
    if moved:
        for name, value in schedule.items():
            setattr(meeting, name, value)
        meeting.sequence += 1
        meeting.reminded_at = None  # a new day: a new reminder
        meeting.save()
        _timeline(
            meeting, by, _("Rendez-vous modifié : %(meeting)s") % {"meeting": _summary(meeting)}
        )
        next_appointments_sync(meeting.applications.all())
        _notify(
            meeting,
            after,
            _("Rendez-vous modifié : %(meeting)s") % {"meeting": _summary(meeting)},
            by=by,
        )
    if after != before:
        meeting.participants.set(after)
        if not moved:
            meeting.save(update_fields=["updated_at"])
            for application in meeting.applications.all():
                _touch(application)
    _email(meeting, after if moved else after - before, UPDATE if moved else INVITATION)
    _email(meeting, before - after, CANCELLATION)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting, by, note: str = "") -> Meeting:
    if not permissions.can_schedule_meetings(by):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_note = note[:500]
    meeting.sequence += 1
    meeting.save()
    text = _("Rendez-vous annulé : %(meeting)s") % {"meeting": _summary(meeting)}
    _timeline(meeting, by, f"{text}. {note}" if note else text)
    next_appointments_sync(meeting.applications.all())
    participants = list(meeting.participants.all())
    _notify(meeting, participants, text, by=by)
    _email(meeting, participants, CANCELLATION)
    return meeting


@transaction.atomic
def meeting_minutes_save(*, meeting, by, minutes: str, shared_with_team: bool) -> Meeting:
    if not permissions.can_schedule_meetings(by):
        raise PermissionDenied
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Le compte rendu s'écrit une fois le rendez-vous commencé."))
    first = not meeting.minutes
    meeting.minutes = minutes
    meeting.minutes_shared_with_team = shared_with_team
    meeting.save(update_fields=["minutes", "minutes_shared_with_team", "updated_at"])
    if first:
        _timeline(
            meeting,
            by,
            _("Compte rendu écrit : %(meeting)s") % {"meeting": _summary(meeting)},
            carriers=shared_with_team,
        )
    else:
        for application in meeting.applications.all():
            _touch(application)
    return meeting


def meeting_reminders_send(*, now=None) -> int:
    """Daily: the participants of tomorrow's meetings get a reminder with the .ics. A meeting
    is reminded once (`reminded_at`), again only if it moves. Returns the number of meetings."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Meeting.objects.filter(
        cancelled_at=None, reminded_at=None, starts_at__date=tomorrow
    ).prefetch_related("participants")
    count = 0
    for meeting in due:
        with transaction.atomic():
            if not Meeting.objects.filter(pk=meeting.pk, reminded_at=None).update(reminded_at=now):
                continue  # another run took it
            _email(meeting, meeting.participants.all(), REMINDER)
        count += 1
    return count
