"""The registrations' e-mails leave the EventEmail outbox here: one at a time by the task
queued when the row was written (events.tasks), or all that are pending by the reminders'
command (a task that failed or a worker that died leaves its e-mail pending)."""

import logging
from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.calendars import event_calendar
from events.choices import EmailStatus, EventEmailKind, RegistrationStatus
from events.models import EventEmail
from events.selectors import waitlist_position
from labo.addresses import absolute_url
from labo.dates import time_span
from labo.notifications.mailer import email_send

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5


def _subject(email: EventEmail) -> str:
    title = email.registration.event.title
    return {
        EventEmailKind.GUEST_CHECK: _("Confirmez votre inscription : %(title)s"),
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
    EventEmailKind.GUEST_CHECK: {RegistrationStatus.PENDING},
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
            to=registration.email,
            subject=_subject(email),
            template="events/email/registration",
            context={
                "kind": email.kind,
                "recipient_name": registration.display_name,
                "event": event,
                "registration": registration,
                "when": time_span(event.starts_at, event.ends_at),
                "online_url": event.online_url if with_link else "",
                "position": waitlist_position(registration) if registration.is_waitlisted else None,
                "details": email.details,
                "message": email.message,
                "link": absolute_url(event.url or ""),
                # Every e-mail says how to cancel; guests have nothing else to do it with.
                "manage_link": absolute_url(
                    reverse("events:registration", kwargs={"token": registration.token})
                ),
                "confirm_link": absolute_url(
                    reverse("events:registration_confirm", kwargs={"token": registration.token})
                ),
                "my_events_link": ""
                if registration.is_guest
                else absolute_url(reverse("events:my_registrations")),
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
