"""Notifications: create them, deliver them by e-mail (at once or in a daily digest), mark them
read. Other apps only call `notification_send`; channels are this module's business."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labo.addresses import absolute_url
from labo.caching.versions import now_and_on_commit
from labo.notifications import selectors
from labo.notifications.kinds import ANNOUNCEMENTS, FAMILIES, frequency_for
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
from labo.notifications.text import plain_text
from labo.notifications.tokens import unsubscribe_url

logger = logging.getLogger(__name__)

DIGEST_MIN_INTERVAL = timedelta(hours=20)


def notification_preference_get(*, user) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def notification_preference_set(
    *, user, email_frequency: str, by_family: dict[str, str] | None = None
) -> NotificationPreference:
    """The member's default rhythm and, if given, one per family (a family set to "" follows
    the default)."""
    preference = notification_preference_get(user=user)
    preference.email_frequency = email_frequency
    if by_family is not None:
        preference.by_family = {
            family: frequency
            for family, frequency in by_family.items()
            if family in FAMILIES and frequency in EmailFrequency.values
        }
    preference.save(update_fields=["email_frequency", "by_family"])
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
    preferences = {
        user_id: frequency_for(kind, default, by_family)
        for user_id, default, by_family in NotificationPreference.objects.filter(
            user_id__in=users
        ).values_list("user_id", "email_frequency", "by_family")
    }
    # No preference row: the default rhythm, through the same rule (DIGEST_ONLY kinds).
    default = frequency_for(kind, EmailFrequency.IMMEDIATE, None)
    frequencies = {user_id: preferences.get(user_id, default) for user_id in users}
    notifications = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            email_frequency=frequencies[user_id],
            email_status=(
                EmailStatus.SKIPPED
                if not email or frequencies[user_id] == EmailFrequency.OFF
                else EmailStatus.PENDING
            ),
        )
        for user_id in users
    ]
    created = Notification.objects.bulk_create(notifications)
    unread_count_changed(users)
    for notification in created:
        if (
            notification.email_status == EmailStatus.PENDING
            and notification.email_frequency == EmailFrequency.IMMEDIATE
        ):
            transaction.on_commit(
                partial(deliver_notification_email.enqueue, notification_id=notification.pk)
            )
    return created


@dataclass(frozen=True)
class _Digest:
    frequency: str
    # At most one digest of this rhythm per interval (the job runs every hour or so).
    interval: timedelta
    last_sent_field: str
    subject_one: str
    subject_many: str


DIGESTS = (
    _Digest(
        EmailFrequency.DAILY,
        timedelta(hours=20),
        "last_digest_sent_at",
        "Votre résumé du jour : %(count)d nouvelle notification",
        "Votre résumé du jour : %(count)d nouvelles notifications",
    ),
    _Digest(
        EmailFrequency.WEEKLY,
        timedelta(days=6, hours=20),
        "last_weekly_digest_sent_at",
        "Votre résumé de la semaine : %(count)d nouvelle notification",
        "Votre résumé de la semaine : %(count)d nouvelles notifications",
    ),
)


def _pending_for(digest: _Digest):
    taken = Q(email_frequency=digest.frequency)
    if digest.frequency == EmailFrequency.DAILY:
        # Rows sent before the choice per kind: they follow the member's default.
        taken |= Q(
            email_frequency="",
            recipient__notification_preference__email_frequency=EmailFrequency.DAILY,
        )
    return Notification.objects.filter(taken, email_status=EmailStatus.PENDING)


def notification_digests_send(*, now: datetime | None = None) -> int:
    """Send each member one e-mail per rhythm they chose (daily, weekly) grouping their pending
    notifications of that rhythm, at most once per interval. Returns the number sent."""
    now = now or timezone.now()
    return sum(_digests_send(digest, now) for digest in DIGESTS)


def _digests_send(digest: _Digest, now: datetime) -> int:
    due_users = NotificationPreference.objects.exclude(
        **{f"{digest.last_sent_field}__gt": now - digest.interval}
    ).values("user_id")
    pending = _pending_for(digest).filter(recipient_id__in=due_users)
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
                subject=ngettext(digest.subject_one, digest.subject_many, count) % {"count": count},
                template="notifications/email/digest",
                context={
                    "recipient": recipient,
                    "weekly": digest.frequency == EmailFrequency.WEEKLY,
                    "notifications": [
                        {
                            "title": n.title,
                            "body": plain_text(n.body),
                            "link": absolute_url(n.url),
                        }
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
        NotificationPreference.objects.filter(user_id=recipient_id).update(
            **{digest.last_sent_field: now}
        )
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
    """Drop the cached unread counts of these people (`selectors.kept_unread_notification_count`,
    read by labo.core.menu): now, and again once the transaction commits, so that a request
    that counted the old rows in between cannot keep what it counted."""
    keys = [selectors.unread_count_key(pk) for pk in user_ids]
    if keys:
        now_and_on_commit(lambda: cache.delete_many(keys))


def notifications_unsubscribe(*, user_id: int, family: str = "") -> bool:
    """Stop this member's notification e-mails (one-click unsubscribe): all of them, or one
    family's — the link of a family's e-mails (« announcements » also withdraws the consent to
    receive them at all)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    pending = Notification.objects.filter(recipient=user, email_status=EmailStatus.PENDING)
    if family in FAMILIES:
        preference = notification_preference_get(user=user)
        preference.by_family = {**preference.by_family, family: EmailFrequency.OFF}
        fields = ["by_family"]
        if family == ANNOUNCEMENTS:
            preference.announcements_accepted = False
            fields.append("announcements_accepted")
        preference.save(update_fields=fields)
        pending = pending.filter(kind__startswith=f"{family}.")
    else:
        notification_preference_set(user=user, email_frequency=EmailFrequency.OFF)
    pending.update(email_status=EmailStatus.SKIPPED)
    return True


def announcements_consent_set(*, user, accepted: bool) -> None:
    preference = notification_preference_get(user=user)
    preference.announcements_accepted = accepted
    preference.save(update_fields=["announcements_accepted"])


def unsubscribe_confirmation_message(family: str = "") -> str:
    if family in FAMILIES:
        return _(
            "C'est noté : vous ne recevrez plus d'e-mails pour « %(family)s ». Les autres "
            "notifications continuent ; vous pouvez changer d'avis dans votre profil."
        ) % {"family": FAMILIES[family]}
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


# Account e-mails' rows, once sent (their text is erased at sending), are kept this long for
# the record of what left, then deleted.
SENT_EMAILS_KEPT = timedelta(days=30)


def sent_emails_purge(*, now: datetime | None = None) -> int:
    """Delete the account e-mails sent more than SENT_EMAILS_KEPT ago (the address they went to
    is personal data); those not sent yet stay, whatever their age."""
    now = now or timezone.now()
    deleted, _by_model = QueuedEmail.objects.filter(
        email_status=EmailStatus.SENT, emailed_at__lt=now - SENT_EMAILS_KEPT
    ).delete()
    return deleted


# Read notifications are kept this long, then deleted (the privacy notice says so).
READ_NOTIFICATIONS_KEPT = timedelta(days=182)


def read_notifications_purge(*, now: datetime | None = None) -> int:
    """Delete the notifications read and older than READ_NOTIFICATIONS_KEPT (unread ones stay,
    whatever their age: the member has not seen them yet). Returns the number deleted."""
    now = now or timezone.now()
    deleted, _by_model = Notification.objects.filter(
        created_at__lt=now - READ_NOTIFICATIONS_KEPT, read_at__isnull=False
    ).delete()
    return deleted
