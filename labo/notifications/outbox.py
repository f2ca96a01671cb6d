"""Outboxes: e-mails are rows first and messages second, so that an SMTP outage only delays
them. Each row is claimed by one sender at a time; a failure puts it back for the retry run
(`manage.py send_notifications`, every few minutes in production)."""

import logging

from django.db import transaction
from django.db.models import F

from labo.notifications.models import EmailStatus

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5


def claim(queryset) -> list[int]:
    """Mark pending rows as being sent and return the ids this caller won: two workers never
    send the same e-mail twice."""
    model = queryset.model
    ids = list(queryset.filter(email_status=EmailStatus.PENDING).values_list("pk", flat=True))
    if not ids:
        return []
    with transaction.atomic():
        claimed = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, email_status=EmailStatus.PENDING)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=claimed).update(email_status=EmailStatus.SENDING)
    return claimed


def release_after_failure(model, ids: list[int]) -> None:
    model.objects.filter(pk__in=ids).update(email_attempts=F("email_attempts") + 1)
    model.objects.filter(pk__in=ids, email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
        email_status=EmailStatus.FAILED
    )
    model.objects.filter(pk__in=ids, email_status=EmailStatus.SENDING).update(
        email_status=EmailStatus.PENDING
    )


def requeue_stuck(model, *, cutoff) -> None:
    """Rows claimed by a worker that died mid-send go back to the queue."""
    model.objects.filter(email_status=EmailStatus.SENDING, created_at__lt=cutoff).update(
        email_status=EmailStatus.PENDING
    )
