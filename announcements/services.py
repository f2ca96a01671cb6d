"""Writes of announcements: saving a draft, a test sent to its author, the send itself (the
recipients fixed, then the batches), and resuming a send a stopped worker left."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from announcements.models import Announcement, AnnouncementStatus, Delivery
from announcements.segments import recipients_of
from announcements.tasks import schedule_batch
from labo.addresses import absolute_url
from labo.notifications.models import Notification
from labo.notifications.services import email_queue

# What a segment keeps of the form: the other segments' fields are emptied.
_SEGMENT_FIELDS = ("departements", "project", "category", "event", "programme")


class AlreadySent(Exception):
    """The announcement has left (or is leaving): it is not changed nor sent again."""


def announcement_save(*, announcement: Announcement, by, data: dict) -> Announcement:
    """Create or update a draft from the form's cleaned data."""
    if announcement.pk and not announcement.is_draft:
        raise AlreadySent
    for field in ("title", "body", "segment", "in_archive"):
        setattr(announcement, field, data[field])
    for field in _SEGMENT_FIELDS:
        empty = [] if field == "departements" else None
        setattr(announcement, field, data.get(field) or empty)
    if announcement.created_by_id is None:
        announcement.created_by = by
    announcement.save()
    return announcement


def announcement_test_send(*, announcement: Announcement, to) -> None:
    """The announcement as its recipients will get it, e-mailed to `to` alone, now."""
    preview = Notification(
        recipient=to, kind="announcements.message", title=announcement.title,
        body=announcement.body[:2000], url=announcement.get_absolute_url(),
    )  # fmt: skip
    context = {
        "recipient": to,
        "notification": preview,
        "link": absolute_url(preview.url),
        "site_url": settings.SITE_URL.rstrip("/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": "",
    }
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{_('[Essai]')} {announcement.title}",
        body=render_to_string("notifications/email/notification.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    email_queue(message)


def announcement_send(*, announcement: Announcement, by) -> int:
    """Fix the recipients (those of the segment who accepted announcements, now) and start the
    batches. Returns how many it goes to. Sending twice is refused (AlreadySent)."""
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if not locked.is_draft:
            raise AlreadySent
        recipient_ids = list(recipients_of(locked).values_list("pk", flat=True))
        Delivery.objects.bulk_create(
            [Delivery(announcement=locked, user_id=user_id) for user_id in recipient_ids],
            batch_size=1000,
        )
        Announcement.objects.filter(pk=locked.pk).update(
            status=AnnouncementStatus.SENDING,
            sent_by=by,
            recipients_count=len(recipient_ids),
            sent_count=0,
            last_batch_at=timezone.now(),
        )
        schedule_batch(locked.pk)
    return len(recipient_ids)


def announcements_resume(*, stalled_for: timedelta = timedelta(minutes=10)) -> int:
    """Start again the sends a stopped worker left (`manage.py send_announcements`): batches
    take only the rows not delivered yet, so nothing leaves twice."""
    stalled = Announcement.objects.filter(
        status=AnnouncementStatus.SENDING, last_batch_at__lt=timezone.now() - stalled_for
    )
    count = 0
    for announcement_id in stalled.values_list("pk", flat=True):
        schedule_batch(announcement_id)
        count += 1
    return count
