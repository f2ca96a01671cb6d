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

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.choices import EventEmailKind, EventFormat, EventScope, RegistrationStatus
from events.models import (
    AnnouncedSchedule,
    CalendarFeed,
    EventEmail,
    EventIndexPage,
    EventMessage,
    EventPage,
    Registration,
)
from events.permissions import can_propose_event
from events.tasks import deliver_event_email
from events.window import WindowState, registration_window_state, window_refusal
from labo.dates import time_span
from labo.html_text import text_to_html
from labo.notifications.services import notification_send
from labo.rate_limits import hit

logger = logging.getLogger(__name__)

DAY_REMINDER_BEFORE = timedelta(hours=24)
HOUR_REMINDER_BEFORE = timedelta(hours=1)
# How long a guest's seats are kept while they click the link of their e-mail.
GUEST_HOLD = timedelta(minutes=30)
# Requests never confirmed are forgotten after this.
UNCONFIRMED_KEPT = timedelta(days=2)
# Guests' registrations are anonymised this long after their event.
GUEST_REGISTRATIONS_KEPT = timedelta(days=365)
# Guests' requests, per client address and per e-mail address, in an hour.
GUEST_REQUESTS_PER_IP = 10
GUEST_REQUESTS_PER_EMAIL = 3


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


def _seats_taken(event: EventPage, *, now: datetime, besides: Registration | None = None) -> int:
    """Seats taken (each registration counts its companions), `besides` one registration."""
    taken = Registration.objects.filter(event=event).taking_seats(now)
    if besides is not None:
        taken = taken.exclude(pk=besides.pk)
    return taken.seats()


def _fits(event: EventPage, seats: int, *, now: datetime, besides=None) -> bool:
    return event.capacity is None or (
        _seats_taken(event, now=now, besides=besides) + seats <= event.capacity
    )


def _queue_email(registration: Registration, kind: str, **fields) -> EventEmail:
    email = EventEmail.objects.create(registration=registration, kind=kind, **fields)
    transaction.on_commit(partial(deliver_event_email.enqueue, email_id=email.pk))
    return email


def _queue_status_email(registration: Registration) -> EventEmail:
    """What a registration has come to: confirmed (with the `.ics`) or waiting."""
    return _queue_email(
        registration,
        EventEmailKind.CONFIRMATION if registration.is_confirmed else EventEmailKind.WAITLISTED,
    )


def _fill_waitlist(event: EventPage, *, now: datetime) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while their seats (theirs and
    their companions') fit: the queue's order is kept, nobody overtakes the person whose
    party does not fit yet."""
    if event.cancelled or now >= event.starts_at:
        return []
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by("queued_at", "pk")
    free = None if event.capacity is None else event.capacity - _seats_taken(event, now=now)
    if free is not None and free <= 0:
        return []
    promoted = []
    for registration in waiting.select_related("user"):
        if free is not None:
            if registration.seats > free:
                break
            free -= registration.seats
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _queue_email(registration, EventEmailKind.PROMOTED)
        promoted.append(registration)
    members = [r.user for r in promoted if r.user_id is not None]
    if members:
        notification_send(
            recipients=members,
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


def _someone_waits(event: EventPage) -> bool:
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).exists()


def _free_for_newcomer(event: EventPage, seats: int, *, now: datetime, besides=None) -> bool:
    """Whether `seats` fit and nobody waits: once the waiting list has been served
    (`_fill_waitlist`), whoever still waits is a party too big for what is free, and a
    newcomer does not overtake them."""
    return _fits(event, seats, now=now, besides=besides) and not _someone_waits(event)


def _status_for(event: EventPage, seats: int, *, now: datetime, besides=None, staff=False):
    """Confirmed while the seats fit and nobody waits, otherwise waitlisted (when the event
    has a waiting list). Raises RegistrationRefused when it is full without one."""
    if _free_for_newcomer(event, seats, now=now, besides=besides):
        return RegistrationStatus.CONFIRMED
    if event.waitlist_enabled:
        return RegistrationStatus.WAITLISTED
    if staff:
        raise RegistrationRefused(
            _("L'événement est complet : augmentez le nombre de places pour ajouter quelqu'un.")
        )
    raise RegistrationRefused(_("C'est complet : il ne reste plus de place."))


def _renew(
    registration: Registration,
    *,
    event: EventPage,
    status: str,
    now: datetime,
    companions: int = 0,
    companion_names: str = "",
    answers: dict | None = None,
    added_by=None,
    name_shown: bool = False,
    held_until: datetime | None = None,
) -> Registration:
    """Fill a registration, new or cancelled before (a row is reused: one per person and
    event), as if made now: it joins the end of the queue, and nothing of before is kept."""
    registration.status = status
    registration.companions = companions
    registration.companion_names = companion_names.strip() if companions else ""
    registration.answers = _clean_answers(event, answers)
    registration.queued_at = now
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.cancelled_at = registration.attended = None
    registration.held_until = held_until
    registration.added_by = added_by
    registration.name_shown = name_shown
    return registration


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
    companions: int = 0,
    companion_names: str = "",
    now: datetime | None = None,
) -> Registration:
    """Register `user` and their companions: confirmed while the seats remain, otherwise
    waitlisted (when the event has a waiting list). Staff adding someone (`added_by`) may do so
    outside the registration window, never beyond capacity. Raises RegistrationRefused with the
    reason."""
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

    # The team may register a larger party than the event's form offers (capacity still holds).
    companions = companions if added_by is not None else _companions_allowed(event, companions)
    # Seats freed earlier (a capacity raised in the admin) go to the waiting list first.
    _fill_waitlist(event, now=now)
    status = _status_for(event, 1 + companions, now=now, staff=added_by is not None)

    if registration is None:
        registration = Registration(event=event, user=user)
    _renew(
        registration,
        event=event,
        status=status,
        now=now,
        companions=companions,
        companion_names=companion_names,
        answers=answers,
        added_by=added_by,
        name_shown=name_shown,
    ).save()
    _queue_status_email(registration)
    return registration


def _companions_allowed(event: EventPage, companions: int) -> int:
    if companions < 0 or companions > event.companions_max:
        raise RegistrationRefused(
            _("Vous pouvez venir avec %(count)d personne(s) au plus.")
            % {"count": event.companions_max}
        )
    return companions


# Guests: registration without an account ------------------------------------------------------


class GuestRequestsLimited(Exception):
    """Too many requests from one client address or for one e-mail address this hour."""


@transaction.atomic
def guest_registration_request(
    *,
    event: EventPage,
    name: str,
    email: str,
    client_ip: str,
    answers: dict | None = None,
    companions: int = 0,
    companion_names: str = "",
    now: datetime | None = None,
) -> Registration:
    """A visitor asks for a place with only a name and an e-mail address: their seats (and
    their companions') are held for GUEST_HOLD while they click the link sent to that address;
    confirming later gets whatever is free then. Asking again for the same address sends the
    link again (or, already registered, what they registered for) and creates nothing, so that
    the form never tells who is registered. Raises GuestRequestsLimited or
    RegistrationRefused."""
    now = now or timezone.now()
    email = email.strip().lower()
    if (
        hit(f"events:guest:ip:{client_ip}", window=3600) > GUEST_REQUESTS_PER_IP
        or hit(f"events:guest:email:{email}", window=3600) > GUEST_REQUESTS_PER_EMAIL
    ):
        raise GuestRequestsLimited
    event = _lock_event(event.pk)
    state = registration_window_state(event, now=now)
    if state != WindowState.OPEN:
        raise RegistrationRefused(window_refusal(state, event))
    companions = _companions_allowed(event, companions)
    registration = Registration.objects.filter(event=event, guest_email=email).first()
    if registration is not None and registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ):
        _queue_status_email(registration)
        return registration
    if registration is None:
        registration = Registration(event=event, guest_email=email)
    registration.guest_name = " ".join(name.split())
    # The seats are held only if they are free now; otherwise confirming queues them.
    _fill_waitlist(event, now=now)
    free = _free_for_newcomer(event, 1 + companions, now=now, besides=registration)
    _renew(
        registration,
        event=event,
        status=RegistrationStatus.PENDING,
        now=now,
        companions=companions,
        companion_names=companion_names,
        answers=answers,
        held_until=now + GUEST_HOLD if free else None,
    )
    registration.save()
    _queue_email(registration, EventEmailKind.GUEST_CHECK)
    return registration


@transaction.atomic
def guest_registration_confirm(*, registration: Registration, now: datetime | None = None):
    """The guest clicked the link: confirmed on the seats held for them, or on seats free now,
    else on the waiting list. A link clicked twice changes nothing. Raises RegistrationRefused
    (full without a waiting list, registrations closed since and no seat held)."""
    now = now or timezone.now()
    event = _lock_event(registration.event_id)
    registration.refresh_from_db()
    if not registration.is_pending:
        return registration
    held = registration.held_until is not None and registration.held_until > now
    if not held:
        state = registration_window_state(event, now=now)
        if state != WindowState.OPEN:
            raise RegistrationRefused(window_refusal(state, event))
        _fill_waitlist(event, now=now)
    status = (
        RegistrationStatus.CONFIRMED
        if held
        else _status_for(event, registration.seats, now=now, besides=registration)
    )
    registration.status = status
    registration.held_until = None
    registration.queued_at = registration.queued_at if held else now
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.save(update_fields=["status", "held_until", "queued_at", "confirmed_at"])
    _queue_status_email(registration)
    return registration


@transaction.atomic
def guest_registration_add(
    *, event: EventPage, name: str, email: str, added_by, companions: int = 0, now=None
) -> Registration:
    """The team registers someone without an account: no link to follow (the team vouches for
    the address), confirmed while the seats fit, else waitlisted, never beyond capacity, even
    outside the registration window. Raises RegistrationRefused."""
    now = now or timezone.now()
    email = email.strip().lower()
    event = _lock_event(event.pk)
    registration = Registration.objects.filter(event=event, guest_email=email).first()
    if registration is not None and registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ):
        raise RegistrationRefused(_("%(name)s est déjà inscrit·e.") % {"name": email})
    _fill_waitlist(event, now=now)
    status = _status_for(event, 1 + companions, now=now, staff=True)
    if registration is None:
        registration = Registration(event=event, guest_email=email)
    registration.guest_name = " ".join(name.split())
    _renew(
        registration, event=event, status=status, now=now, companions=companions, added_by=added_by
    ).save()
    _queue_status_email(registration)
    return registration


def guest_holds_release(*, now: datetime | None = None) -> int:
    """Give the seats of guests who did not confirm in time to the waiting list, and forget
    requests never confirmed after UNCONFIRMED_KEPT. Returns the number of holds released.
    Run by `send_event_reminders` (every ten minutes)."""
    now = now or timezone.now()
    Registration.objects.filter(
        status=RegistrationStatus.PENDING, created_at__lt=now - UNCONFIRMED_KEPT
    ).delete()
    expired = Registration.objects.filter(status=RegistrationStatus.PENDING, held_until__lte=now)
    event_ids = set(expired.values_list("event_id", flat=True))
    released = 0
    for event_id in event_ids:
        with transaction.atomic():
            event = _lock_event(event_id)
            released += Registration.objects.filter(
                event=event, status=RegistrationStatus.PENDING, held_until__lte=now
            ).update(held_until=None)
            _fill_waitlist(event, now=now)
    return released


def guest_registrations_forget(*, now: datetime | None = None) -> int:
    """A year after their event, guests' registrations lose the name, the address, the answers
    and the companions' names (a guest has no account to keep them with); their status,
    companions and attendance still count in the event's figures. Returns the number
    anonymised."""
    now = now or timezone.now()
    return Registration.objects.filter(
        user__isnull=True,
        anonymised_at__isnull=True,
        event__ends_at__lt=now - GUEST_REGISTRATIONS_KEPT,
    ).update(
        guest_name="",
        guest_email="",
        answers=[],
        companion_names="",
        anonymised_at=now,
    )


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
    was_holding = registration.is_pending and registration.held_until is not None
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.attended = None
    registration.held_until = None
    registration.save(update_fields=["status", "cancelled_at", "attended", "held_until"])
    if by is not None and by.pk != registration.user_id:
        _queue_email(registration, EventEmailKind.REMOVED)
    return _fill_waitlist(event, now=now) if was_confirmed or was_holding else []


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
        recipients=[r.user for r in registrations if r.user_id is not None],
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
            recipients=[r.user for r in registrations if r.user_id is not None],
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


# Local events proposed by carriers ---------------------------------------------------------


@transaction.atomic
def event_propose(
    *,
    user,
    title: str,
    summary: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    event_format: str,
    venue_name: str = "",
    venue_address: str = "",
    commune=None,
    departement: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> EventPage:
    """A carrier's local event: a draft in the agenda, submitted to « Relecture »; the team
    completes it in the admin (picture, themes, questions) and publishes it, or sends it back
    with a comment. Registrations open at publication."""
    if not can_propose_event(user):
        raise PermissionDenied
    index = EventIndexPage.objects.get()
    base = slugify(title)[:70] or "rencontre"
    slug, n = base, 2
    while EventPage.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    description_html = text_to_html(description)
    event = EventPage(
        title=title,
        slug=slug,
        summary=summary,
        body=[("paragraph", description_html)] if description_html else [],
        starts_at=starts_at,
        ends_at=ends_at,
        event_format=event_format,
        venue_name=venue_name if event_format != EventFormat.ONLINE else "",
        venue_address=venue_address if event_format != EventFormat.ONLINE else "",
        commune=commune if event_format != EventFormat.ONLINE else None,
        departement=commune.departement if commune is not None else departement,
        online_url=online_url if event_format != EventFormat.IN_PERSON else "",
        scope=EventScope.LOCAL,
        capacity=capacity,
        owner=user,
        live=False,
    )
    index.add_child(instance=event)
    event.save_revision(user=user, log_action=True)
    event.get_workflow().start(event, user)
    return event


def event_reviewed(event: EventPage, approved: bool, comment: str, by) -> None:
    """Tell the carrier who proposed it (the team's own edits are not proposals)."""
    if event.owner is None or event.owner == by:
        return
    if approved:
        title = _("Votre rencontre « %(title)s » est dans l'agenda, merci !") % {
            "title": event.title
        }
        url = event.url or "/agenda/"
    else:
        title = _("Votre rencontre « %(title)s » est à reprendre") % {"title": event.title}
        url = "/agenda/"
    notification_send(
        recipients=[event.owner], kind="events.proposal", title=title, body=comment, url=url
    )


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
