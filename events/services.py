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

from events.choices import EmailStatus, EventEmailKind, EventFormat, RegistrationStatus
from events.formatting import event_when
from events.models import (
    AnnouncedSchedule,
    CalendarFeed,
    EventEmail,
    EventMessage,
    EventPage,
    Registration,
)
from labo.notifications.mailer import absolute_url, email_send
from labo.notifications.services import notification_send

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
DAY_REMINDER_BEFORE = timedelta(hours=24)
HOUR_REMINDER_BEFORE = timedelta(hours=1)


class RegistrationRefused(Exception):
    """A registration that cannot be made; `message` is shown to the person as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Registration window ---------------------------------------------------------------------------


class WindowState:
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    STARTED = "started"
    CANCELLED = "cancelled"
    DISABLED = "disabled"


def registration_window_state(event: EventPage, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if event.cancelled:
        return WindowState.CANCELLED
    if not event.registration_enabled:
        return WindowState.DISABLED
    if now >= event.starts_at:
        return WindowState.STARTED
    if event.registration_opens_at and now < event.registration_opens_at:
        return WindowState.NOT_YET_OPEN
    if now >= event.registration_closes:
        return WindowState.CLOSED
    return WindowState.OPEN


def _window_refusal(state: str, event: EventPage) -> str:
    return {
        WindowState.CANCELLED: _("Cet événement est annulé."),
        WindowState.DISABLED: _("Cet événement ne prend pas d'inscription sur le site."),
        WindowState.STARTED: _("Cet événement a commencé : les inscriptions sont closes."),
        WindowState.NOT_YET_OPEN: _("Les inscriptions ouvriront le %(date)s.")
        % {"date": timezone.localtime(event.registration_opens_at).strftime("%d/%m/%Y à %H:%M")}
        if event.registration_opens_at
        else "",
        WindowState.CLOSED: _("Les inscriptions sont closes."),
    }[state]


# Registrations -------------------------------------------------------------------------------


def _lock_event(event_id: int) -> EventPage:
    # Only the event's own row is locked (not Wagtail's page row), for the few milliseconds a
    # registration takes. SQLite has no row locks but runs one writer at a time.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def _confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _queue_email(registration: Registration, kind: str, **fields) -> EventEmail:
    from events.tasks import deliver_event_email

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
        raise RegistrationRefused(_window_refusal(state, event))

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
                "when": event_when(before["starts_at"], before["ends_at"]),
                "place": before["place"],
            },
            "after": {
                "when": event_when(event.starts_at, event.ends_at),
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


def _subject(email: EventEmail) -> str:
    title = email.registration.event.title
    return {
        EventEmailKind.CONFIRMATION: _("Inscription confirmée : %(title)s"),
        EventEmailKind.WAITLISTED: _("Liste d'attente : %(title)s"),
        EventEmailKind.PROMOTED: _("Une place s'est libérée : vous êtes inscrit·e à %(title)s"),
        EventEmailKind.REMINDER_DAY: _("C'est demain : %(title)s"),
        EventEmailKind.REMINDER_HOUR: _("Dans une heure : %(title)s"),
        EventEmailKind.CHANGED: _("Changement de date ou de lieu : %(title)s"),
        EventEmailKind.CANCELLED: _("Événement annulé : %(title)s"),
        EventEmailKind.REMOVED: _("Votre inscription à %(title)s est annulée"),
        EventEmailKind.MESSAGE: "%(title)s : " + (email.message.subject if email.message else ""),
    }[email.kind] % {"title": title}


# Mails that only make sense while the person is still registered.
_FOR_ACTIVE_ONLY = {
    EventEmailKind.CONFIRMATION: {RegistrationStatus.CONFIRMED},
    EventEmailKind.PROMOTED: {RegistrationStatus.CONFIRMED},
    EventEmailKind.WAITLISTED: {RegistrationStatus.WAITLISTED},
    EventEmailKind.REMINDER_DAY: {RegistrationStatus.CONFIRMED},
    EventEmailKind.REMINDER_HOUR: {RegistrationStatus.CONFIRMED},
    EventEmailKind.CHANGED: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
    EventEmailKind.MESSAGE: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
}


def event_email_deliver(*, email_id: int) -> bool:
    """Send one outbox e-mail. False when there was nothing to send (already sent, claimed by
    another worker, or no longer relevant). An SMTP failure leaves it pending for a retry."""
    from events.calendars import event_calendar
    from events.selectors import waitlist_position

    if not EventEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENDING
    ):
        return False
    email = EventEmail.objects.select_related(
        "registration__user", "registration__event__commune", "message"
    ).get(pk=email_id)
    registration, event = email.registration, email.registration.event
    relevant = _FOR_ACTIVE_ONLY.get(email.kind)
    reminder = email.kind in (EventEmailKind.REMINDER_DAY, EventEmailKind.REMINDER_HOUR)
    if (relevant and registration.status not in relevant) or (reminder and event.cancelled):
        EventEmail.objects.filter(pk=email_id).update(status=EmailStatus.SKIPPED)
        return False

    with_link = registration.is_confirmed and event.is_online and bool(event.online_url)
    attachments = []
    if registration.is_confirmed and email.kind in (
        EventEmailKind.CONFIRMATION,
        EventEmailKind.PROMOTED,
        EventEmailKind.CHANGED,
        EventEmailKind.CANCELLED,
    ):
        attachments.append(
            (
                "evenement.ics",
                event_calendar(event, online_link=with_link),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
        )
    try:
        email_send(
            to=registration.user.email,
            subject=_subject(email),
            template="events/email/registration",
            context={
                "kind": email.kind,
                "recipient": registration.user,
                "event": event,
                "registration": registration,
                "when": event_when(event.starts_at, event.ends_at),
                "online_url": event.online_url if with_link else "",
                "position": waitlist_position(registration) if registration.is_waitlisted else None,
                "details": email.details,
                "message": email.message,
                "link": absolute_url(event.url or ""),
                "my_events_link": absolute_url("/agenda/mes-inscriptions/"),
            },
            attachments=attachments,
        )
    except Exception:
        EventEmail.objects.filter(pk=email_id).update(attempts=F("attempts") + 1)
        EventEmail.objects.filter(pk=email_id, attempts__gte=MAX_EMAIL_ATTEMPTS).update(
            status=EmailStatus.FAILED
        )
        EventEmail.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
            status=EmailStatus.PENDING
        )
        logger.exception("Event e-mail %s failed", email_id)
        raise
    EventEmail.objects.filter(pk=email_id).update(status=EmailStatus.SENT, sent_at=timezone.now())
    return True


def event_emails_deliver_pending(*, older_than: timedelta = timedelta(0)) -> int:
    """Send what the outbox holds (reminders just queued, e-mails whose task failed or whose
    worker died). Returns the number sent."""
    cutoff = timezone.now() - older_than
    EventEmail.objects.filter(
        status=EmailStatus.SENDING, created_at__lt=timezone.now() - timedelta(minutes=15)
    ).update(status=EmailStatus.PENDING)
    sent = 0
    pending = EventEmail.objects.filter(
        status=EmailStatus.PENDING, created_at__lte=cutoff, attempts__lt=MAX_EMAIL_ATTEMPTS
    ).values_list("pk", flat=True)
    for pk in list(pending):
        try:
            sent += event_email_deliver(email_id=pk)
        except Exception:  # noqa: S112 (logged in event_email_deliver; next one)
            continue
    return sent


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
