"""Staff write and send announcements; members read the archive of those sent with « publier
dans les archives »; visitors sign in first."""

from announcements.models import Announcement, AnnouncementStatus, Delivery
from labo.permissions import is_member, is_staff_member


def can_manage_announcements(user) -> bool:
    return is_staff_member(user)


def can_view_archive(user) -> bool:
    return is_member(user)


def can_view_announcement(user, announcement: Announcement) -> bool:
    if can_manage_announcements(user):
        return True
    if not is_member(user) or announcement.status == AnnouncementStatus.DRAFT:
        return False
    # Its recipients follow the link of their notification even when it is kept out of the
    # archive; other members read only what the archive shows.
    return (announcement.status == AnnouncementStatus.SENT and announcement.in_archive) or (
        Delivery.objects.filter(announcement=announcement, user=user).exists()
    )


def archive_for(user):
    announcements = Announcement.objects.select_related("created_by")
    if can_manage_announcements(user):
        return announcements.order_by("-created_at")
    return announcements.filter(status=AnnouncementStatus.SENT, in_archive=True).order_by(
        "-sent_at"
    )
