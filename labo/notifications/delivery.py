"""What the background tasks run: one notification's e-mail or one account e-mail leaving its
outbox (labo.notifications.outbox), and the retry of those still pending (`manage.py
send_notifications`: an SMTP outage, a worker that died)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from labo.addresses import absolute_url
from labo.notifications.kinds import family_of
from labo.notifications.mailer import email_send
from labo.notifications.models import EmailFrequency, EmailStatus, Notification, QueuedEmail
from labo.notifications.outbox import (
    MAX_EMAIL_ATTEMPTS,
    claim,
    release_after_failure,
    requeue_stuck,
)
from labo.notifications.tokens import unsubscribe_url

logger = logging.getLogger(__name__)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send one notification's e-mail. Returns False when there was nothing to send (already
    sent, or claimed by another worker). An SMTP failure leaves it pending for a retry."""
    claimed = claim(Notification.objects.filter(pk=notification_id))
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    recipient = notification.recipient
    try:
        email_send(
            to=recipient.email,
            subject=notification.title,
            template="notifications/email/notification",
            context={
                "recipient": recipient,
                "notification": notification,
                "link": absolute_url(notification.url),
            },
            # The link stops this family's e-mails only (RFC 8058 one click as well).
            unsubscribe_url=unsubscribe_url(recipient.pk, family_of(notification.kind)),
        )
    except Exception:
        release_after_failure(Notification, claimed)
        logger.exception("Notification e-mail %s failed", notification_id)
        raise
    Notification.objects.filter(pk=notification_id).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now()
    )
    return True


def notification_emails_retry(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Retry immediate e-mails still pending (an SMTP outage, a worker that died)."""
    cutoff = timezone.now() - older_than
    requeue_stuck(Notification, cutoff=cutoff)
    retry_ids = list(
        Notification.objects.filter(
            email_status=EmailStatus.PENDING,
            created_at__lt=cutoff,
            email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        )
        # Immediate ones only: the digests take theirs (rows older than the choice per kind
        # follow the member's default).
        .filter(
            Q(email_frequency=EmailFrequency.IMMEDIATE)
            | Q(email_frequency="")
            & ~Q(recipient__notification_preference__email_frequency=EmailFrequency.DAILY)
        )
        .values_list("pk", flat=True)
    )
    delivered = 0
    for pk in retry_ids:
        try:
            delivered += notification_email_deliver(notification_id=pk)
        except Exception:  # noqa: S112 (logged in notification_email_deliver; next one)
            continue
    return delivered


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
