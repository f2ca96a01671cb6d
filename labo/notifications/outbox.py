"""Outboxes: e-mails are rows first and messages second, so that an SMTP outage only delays
them. Each row is claimed by one sender at a time; a failure puts it back for the retry run
(`manage.py send_notifications`, every few minutes in production)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from labo.notifications.models import EmailStatus, QueuedEmail

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


def email_queue(message: EmailMultiAlternatives) -> QueuedEmail:
    """Keep `message` (one recipient) and send it once the current transaction commits."""
    from labo.notifications.tasks import deliver_queued_email

    html = next((content for content, mime in message.alternatives if mime == "text/html"), "")
    queued = QueuedEmail.objects.create(
        to=message.to[0],
        subject=message.subject[:300],
        from_email=message.from_email,
        body=message.body,
        html_body=html,
    )
    transaction.on_commit(lambda: deliver_queued_email.enqueue(queued.pk))
    return queued


def queued_email_deliver(*, queued_email_id: int) -> bool:
    claimed = claim(QueuedEmail.objects.filter(pk=queued_email_id))
    if not claimed:
        return False
    queued = QueuedEmail.objects.get(pk=queued_email_id)
    message = EmailMultiAlternatives(
        subject=queued.subject, body=queued.body, from_email=queued.from_email, to=[queued.to]
    )
    if queued.html_body:
        message.attach_alternative(queued.html_body, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception:
        release_after_failure(QueuedEmail, claimed)
        logger.exception("Account e-mail %s failed; it stays queued", queued_email_id)
        return False
    QueuedEmail.objects.filter(pk=queued_email_id).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now(), body="", html_body=""
    )
    return True


def queued_emails_retry(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    cutoff = timezone.now() - older_than
    requeue_stuck(QueuedEmail, cutoff=cutoff)
    pending = QueuedEmail.objects.filter(
        email_status=EmailStatus.PENDING,
        created_at__lt=cutoff,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    return sum(queued_email_deliver(queued_email_id=pk) for pk in list(pending))
