"""Registrations and what registrants are told.

Every change to an event's registrations happens inside a transaction that first locks the
event's row (`_lock_event`): two people asking for the last seat at the same instant are served
one after the other, so capacity can never be exceeded. E-mails are written to the EventEmail
outbox in the same transaction and sent by background tasks once it commits.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.choices import EventEmailKind, EventFormat, RegistrationStatus
from events.models import (
    AnnouncedSchedule,
    CalendarFeed,
    EventEmail,
    EventMessage,
    EventPage,
    Registration,
)
from events.tasks import deliver_event_email
from events.window import WindowState, registration_window_state, window_refusal
from labo.dates import time_span
from labo.notifications.services import notification_send

logger = logging.getLogger(__name__)

DAY_REMINDER_BEFORE = timedelta(hours=24)
HOUR_REMINDER_BEFORE = timedelta(hours=1)


class RegistrationRefused(Exception):
    """A registration that cannot be made; `message` is shown to the person as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Registrations -------------------------------------------------------------------------------


def _lock_event(event_id: int) -> EventPage:
    # Only the event's own row is locked (not Wagtail's page row), for the few milliseconds a
    # registration takes. SQLite has no row locks but runs one writer at a time.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def _confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _queue_email(registration: Registration, kind: str, **fields) -> EventEmail:
    email = EventEmail.objects.create(registration=registration, kind=kind, **fields)
    transaction.on_commit(partial(deliver_event_email.enqueue, email_id=email.pk))
    return email


def _fill_waitlist(event: EventPage, *, now: datetime) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while seats remain."""
    if event.cancelled or now >= event.starts_at:
        return []
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by("queued_at", "pk")
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _queue_email(registration, EventEmailKind.PROMOTED)
    if promoted:
        notification_send(
            recipients=[r.user for r in promoted],
            kind="events.promoted",
            title=_("Une place s'est libérée : vous êtes inscrit·e à « %(title)s »")
            % {"title": event.title},
            url=event.url or "",
            email=False,
        )
    return promoted


def _clean_answers(event: EventPage, answers: dict | None) -> list[dict]:
    answers = answers or {}
    cleaned = []
    for question in event.questions.all():
        value = answers.get(question.pk)
        if value in (None, "", False):
            continue
        cleaned.append({"label": question.label, "value": value})
    return cleaned


def active_registration(*, event: EventPage, user) -> Registration | None:
    """This person's confirmed or waiting registration to this event, if any."""
    registration = Registration.objects.filter(event=event, user=user).first()
    return registration if registration is not None and registration.is_active else None


@transaction.atomic
def registration_create(
    *,
    event: EventPage,
    user,
    answers: dict | None = None,
    added_by=None,
    name_shown: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Register `user`: confirmed while seats remain, otherwise waitlisted (when the event has
    a waiting list). Staff adding someone (`added_by`) may do so outside the registration
    window, never beyond capacity. Raises RegistrationRefused with the reason."""
    now = now or timezone.now()
    event = _lock_event(event.pk)
    state = registration_window_state(event, now=now)
    staff_may_add = added_by is not None and state in (
        WindowState.OPEN,
        WindowState.NOT_YET_OPEN,
        WindowState.CLOSED,
        WindowState.DISABLED,
    )
    if state != WindowState.OPEN and not staff_may_add:
        raise RegistrationRefused(window_refusal(state, event))

    # A cancelled registration is kept and reused below (the unique constraint).
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.is_active:
        if added_by is not None:
            raise RegistrationRefused(
                _("%(name)s est déjà inscrit·e.") % {"name": user.display_name}
            )
        raise RegistrationRefused(_("Vous êtes déjà inscrit·e à cet événement."))

    # Seats freed earlier (a capacity raised in the admin) go to the waiting list first.
    _fill_waitlist(event, now=now)
    if event.capacity is None or _confirmed_count(event) < event.capacity:
        status = RegistrationStatus.CONFIRMED
    elif event.waitlist_enabled:
        status = RegistrationStatus.WAITLISTED
    elif added_by is not None:
        raise RegistrationRefused(
            _("L'événement est complet : augmentez le nombre de places pour ajouter quelqu'un.")
        )
    else:
        raise RegistrationRefused(_("C'est complet : il ne reste plus de place."))

    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.answers = _clean_answers(event, answers)
    registration.queued_at = now
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.cancelled_at = None
    registration.attended = None
    registration.added_by = added_by
    registration.name_shown = name_shown
    registration.save()
    _queue_email(
        registration,
        EventEmailKind.CONFIRMATION
        if status == RegistrationStatus.CONFIRMED
        else EventEmailKind.WAITLISTED,
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, by, now: datetime | None = None
) -> list[Registration]:
    """Cancel a registration (by the person, or by staff removing them). A freed seat goes to
    the first person on the waiting list, who is told by e-mail. Returns who was promoted."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration.refresh_from_db()
    if not registration.is_active:
        return []
    was_confirmed = registration.is_confirmed
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.attended = None
    registration.save(update_fields=["status", "cancelled_at", "attended"])
    if by is not None and by.pk != registration.user_id:
        _queue_email(registration, EventEmailKind.REMOVED)
    return _fill_waitlist(event, now=now) if was_confirmed else []


def registration_attendance_set(*, event: EventPage, present_ids: Iterable[int], by) -> int:
    """Record who came, among the confirmed registrants. Returns the number marked present."""
    present_ids = {int(pk) for pk in present_ids}
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    confirmed.filter(pk__in=present_ids).update(attended=True)
    confirmed.exclude(pk__in=present_ids).update(attended=False)
    return confirmed.filter(attended=True).count()


@transaction.atomic
def registrants_message(
    *, event: EventPage, subject: str, body: str, include_waitlist: bool, by
) -> EventMessage:
    statuses = [RegistrationStatus.CONFIRMED]
    if include_waitlist:
        statuses.append(RegistrationStatus.WAITLISTED)
    registrations = list(
        Registration.objects.filter(event=event, status__in=statuses).select_related("user")
    )
    message = EventMessage.objects.create(
        event=event,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
        sent_by=by,
        recipients_count=len(registrations),
    )
    for registration in registrations:
        _queue_email(registration, EventEmailKind.MESSAGE, message=message)
    notification_send(
        recipients=[r.user for r in registrations],
        kind="events.message",
        title=f"{event.title} : {subject}",
        body=body,
        url=event.url or "",
        email=False,
    )
    return message


# Publication: changes of date or place, cancellation, capacity -------------------------------


def _schedule_of(event: EventPage) -> dict:
    return {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place_label,
        "online_url": event.online_url if event.event_format != EventFormat.IN_PERSON else "",
        "cancelled": event.cancelled,
    }


@transaction.atomic
def event_published(*, event: EventPage, now: datetime | None = None) -> str | None:
    """After each publication: tell registrants when the date, the place or the online link
    changed, or when the event is cancelled; give seats added since to the waiting list.
    Returns the kind of e-mail sent, if any."""
    now = now or timezone.now()
    event = _lock_event(event.pk)
    current = _schedule_of(event)
    announced = AnnouncedSchedule.objects.select_for_update().filter(event=event).first()
    if announced is None:
        AnnouncedSchedule.objects.create(event=event, **current)
        _fill_waitlist(event, now=now)
        return None

    before = {key: getattr(announced, key) for key in current}
    kind = None
    if current["cancelled"] and not before["cancelled"]:
        kind = EventEmailKind.CANCELLED
    elif current != before:
        kind = EventEmailKind.CHANGED
    if kind is None:
        _fill_waitlist(event, now=now)
        return None

    for key, value in current.items():
        setattr(announced, key, value)
    announced.sequence = F("sequence") + 1
    announced.save()
    if event.ends_at > now:
        details = {
            "before": {
                "when": time_span(before["starts_at"], before["ends_at"]),
                "place": before["place"],
            },
            "after": {
                "when": time_span(event.starts_at, event.ends_at),
                "place": event.place_label,
            },
            "link_changed": before["online_url"] != current["online_url"],
            "uncancelled": before["cancelled"] and not current["cancelled"],
        }
        registrations = list(
            Registration.objects.filter(
                event=event,
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
            ).select_related("user")
        )
        for registration in registrations:
            _queue_email(registration, kind, details=details)
        notification_send(
            recipients=[r.user for r in registrations],
            kind=f"events.{kind}",
            title=(
                _("Événement annulé : « %(title)s »")
                if kind == EventEmailKind.CANCELLED
                else _("Changement pour « %(title)s »")
            )
            % {"title": event.title},
            url=event.url or "",
            email=False,
        )
    _fill_waitlist(event, now=now)
    return kind


# Reminders and delivery ----------------------------------------------------------------------


def event_reminders_queue(*, now: datetime | None = None) -> int:
    """Write the reminders that are due: the day before for everyone confirmed, one hour before
    (with the link) for online and hybrid events. A person who registered inside the window
    already got everything in their confirmation. The outbox's unique constraint makes a second
    run a no-op. Returns the number of reminders queued."""
    now = now or timezone.now()
    queued = 0
    windows = (
        (EventEmailKind.REMINDER_DAY, DAY_REMINDER_BEFORE, Q()),
        (
            EventEmailKind.REMINDER_HOUR,
            HOUR_REMINDER_BEFORE,
            Q(event__event_format__in=[EventFormat.ONLINE, EventFormat.HYBRID]),
        ),
    )
    for kind, before, extra in windows:
        due = (
            Registration.objects.filter(
                extra,
                status=RegistrationStatus.CONFIRMED,
                event__live=True,
                event__cancelled=False,
                event__starts_at__gt=now,
                event__starts_at__lte=now + before,
                confirmed_at__lt=F("event__starts_at") - before,
            )
            .exclude(emails__kind=kind)
            .values_list("pk", flat=True)
        )
        for registration_id in list(due):
            try:
                with transaction.atomic():
                    EventEmail.objects.create(registration_id=registration_id, kind=kind)
            except IntegrityError:
                continue  # queued by a concurrent run
            queued += 1
    return queued


# Personal calendar feed ----------------------------------------------------------------------


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or calendar_feed_renew(user=user)


def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new private address; the previous one stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed
