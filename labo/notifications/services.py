"""Notifications: create them, deliver them by e-mail (at once or in a daily digest), mark them
read. Other apps only call `notification_send`; channels are this module's business."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labo.addresses import absolute_url
from labo.caching.versions import now_and_on_commit
from labo.notifications import selectors
from labo.notifications.mailer import email_send
from labo.notifications.models import (
    EmailFrequency,
    EmailStatus,
    Notification,
    NotificationPreference,
    QueuedEmail,
)
from labo.notifications.outbox import (
    claim,
    release_after_failure,
)
from labo.notifications.tasks import deliver_notification_email, deliver_queued_email
from labo.notifications.tokens import unsubscribe_url

logger = logging.getLogger(__name__)

DIGEST_MIN_INTERVAL = timedelta(hours=20)


def notification_preference_get(*, user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def notification_preference_set(*, user, email_frequency: str) -> NotificationPreference:
    preference = notification_preference_get(user=user)
    if preference.email_frequency != email_frequency:
        preference.email_frequency = email_frequency
        preference.save(update_fields=["email_frequency"])
    return preference


def notification_send(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    exclude=None,
    email: bool = True,
) -> list[Notification]:
    """Notify each recipient once (duplicates and `exclude`, usually the actor, are dropped).

    `email=False` lists the notification on the site only: the caller sends its own e-mail
    (event registrations, whose e-mails carry a calendar file and are always sent).

    E-mails for members who want them at once are queued as background tasks after the
    transaction commits; daily-digest members wait for `send_notifications`.
    """
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if exclude is not None:
        users.pop(exclude.pk, None)
    if not users:
        return []
    frequencies = dict(
        NotificationPreference.objects.filter(user_id__in=users).values_list(
            "user_id", "email_frequency"
        )
    )
    notifications = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            email_status=(
                EmailStatus.SKIPPED
                if not email
                or frequencies.get(user_id, EmailFrequency.IMMEDIATE) == EmailFrequency.OFF
                else EmailStatus.PENDING
            ),
        )
        for user_id in users
    ]
    created = Notification.objects.bulk_create(notifications)
    unread_count_changed(users)
    for notification in created:
        wants_now = frequencies.get(notification.recipient_id, EmailFrequency.IMMEDIATE)
        if (
            notification.email_status == EmailStatus.PENDING
            and wants_now == EmailFrequency.IMMEDIATE
        ):
            transaction.on_commit(
                partial(deliver_notification_email.enqueue, notification_id=notification.pk)
            )
    return created


def notification_digests_send(*, now: datetime | None = None) -> int:
    """Send each daily-digest member one e-mail grouping their pending notifications, at most
    once per DIGEST_MIN_INTERVAL. Returns the number of digests sent."""
    now = now or timezone.now()
    due_preferences = NotificationPreference.objects.filter(
        email_frequency=EmailFrequency.DAILY
    ).exclude(last_digest_sent_at__gt=now - DIGEST_MIN_INTERVAL)
    pending = Notification.objects.filter(
        email_status=EmailStatus.PENDING,
        recipient_id__in=due_preferences.values("user_id"),
    )
    by_recipient: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in pending.values_list("pk", "recipient_id"):
        by_recipient[recipient_id].append(pk)

    sent = 0
    users = get_user_model().objects.in_bulk(list(by_recipient))
    for recipient_id, ids in by_recipient.items():
        claimed = claim(Notification.objects.filter(pk__in=ids))
        if not claimed:
            continue
        notifications = list(Notification.objects.filter(pk__in=claimed).order_by("created_at"))
        recipient = users[recipient_id]
        count = len(notifications)
        try:
            email_send(
                to=recipient.email,
                subject=ngettext(
                    "Votre résumé du jour : %(count)d nouvelle notification",
                    "Votre résumé du jour : %(count)d nouvelles notifications",
                    count,
                )
                % {"count": count},
                template="notifications/email/digest",
                context={
                    "recipient": recipient,
                    "notifications": [
                        {"title": n.title, "body": n.body, "link": absolute_url(n.url)}
                        for n in notifications
                    ],
                },
                unsubscribe_url=unsubscribe_url(recipient.pk),
            )
        except Exception:
            release_after_failure(Notification, claimed)
            logger.exception("Digest for user %s failed", recipient_id)
            continue
        Notification.objects.filter(pk__in=claimed).update(
            email_status=EmailStatus.SENT, emailed_at=now
        )
        NotificationPreference.objects.filter(user_id=recipient_id).update(last_digest_sent_at=now)
        sent += 1
    return sent


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    marked = queryset.update(read_at=timezone.now())
    unread_count_changed([user.pk])
    return marked


def unread_count_changed(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts of these people (`selectors.unread_notification_count`):
    now, and again once the transaction commits, so that a request that counted the old rows
    in between cannot keep what it counted."""
    keys = [selectors.unread_count_key(pk) for pk in user_ids]
    if keys:
        now_and_on_commit(lambda: cache.delete_many(keys))


def notifications_unsubscribe(*, user_id: int) -> bool:
    """Stop all notification e-mails for this member (one-click unsubscribe)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    notification_preference_set(user=user, email_frequency=EmailFrequency.OFF)
    Notification.objects.filter(recipient=user, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SKIPPED
    )
    return True


def unsubscribe_confirmation_message() -> str:
    return _(
        "C'est noté : vous ne recevrez plus d'e-mails de notification. Vos notifications "
        "restent consultables sur le site, et vous pouvez changer d'avis dans votre profil."
    )


# Account e-mails (allauth's), through the same outbox ------------------------------------


def email_queue(message: EmailMultiAlternatives) -> QueuedEmail:
    """Keep `message` (one recipient) and send it once the current transaction commits."""
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
