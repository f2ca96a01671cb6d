"""What each batch does: the next rows not delivered yet, one notification each through the
notification module (which e-mails at each member's rhythm for « Annonces », with a link that
stops them), then the count sent. Links are not tracked: the e-mail carries the plain
address of the announcement."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from announcements.models import Announcement, AnnouncementStatus, Delivery
from labo.notifications.services import notification_send


def batch_deliver(*, announcement_id: int) -> bool:
    """Deliver the next batch; True when rows are left for another batch."""
    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update()
            .filter(pk=announcement_id, status=AnnouncementStatus.SENDING)
            .first()
        )
        if announcement is None:
            return False
        batch = list(
            Delivery.objects.filter(announcement=announcement, delivered_at__isnull=True)
            .select_related("user")
            .order_by("id")[: settings.ANNOUNCEMENTS_BATCH_SIZE]
        )
        if batch:
            notification_send(
                recipients=[row.user for row in batch],
                kind="announcements.message",
                title=announcement.title,
                body=announcement.body[:2000],
                url=announcement.get_absolute_url(),
            )
            Delivery.objects.filter(pk__in=[row.pk for row in batch]).update(
                delivered_at=timezone.now()
            )
            Announcement.objects.filter(pk=announcement.pk).update(
                sent_count=F("sent_count") + len(batch), last_batch_at=timezone.now()
            )
        left = Delivery.objects.filter(
            announcement=announcement, delivered_at__isnull=True
        ).exists()
        if not left:
            Announcement.objects.filter(pk=announcement.pk).update(
                status=AnnouncementStatus.SENT, sent_at=timezone.now()
            )
        return left
