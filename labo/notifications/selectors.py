from dataclasses import dataclass

from django.core.cache import cache

from labo.notifications.models import EmailFrequency, Notification, NotificationPreference


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def unread_count_key(user_id: int) -> str:
    return f"labo:notifications:unread:{user_id}"


# The bell's count, on every signed-in page (labo.core.menu reads it with the other header
# counts): kept in the shared cache, dropped by `labo.notifications.services` whenever this
# person's notifications are created, read or deleted (`unread_count_changed`).


def unread_notifications(user):
    return unread_notifications_of(user.pk)


def unread_notifications_of(user_id: int):
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)


def kept_unread_notification_count(user) -> int | None:
    return cache.get(unread_count_key(user.pk))


def keep_unread_notification_count(user, count: int) -> None:
    cache.set(unread_count_key(user.pk), count, 3600)


def email_frequencies_of(user) -> tuple[str, dict[str, str]]:
    """The member's default rhythm for notification e-mails and their choice per family."""
    preference = (
        NotificationPreference.objects.filter(user=user)
        .only("email_frequency", "by_family")
        .first()
    )
    if preference is None:
        return EmailFrequency.IMMEDIATE, {}
    return preference.email_frequency, dict(preference.by_family)


@dataclass
class NotificationGroup:
    """Several notifications about the same thing (a thread, an application): shown once,
    as the newest, with how many more there are."""

    latest: Notification
    count: int = 1
    unread: int = 0

    @property
    def others(self) -> int:
        return self.count - 1


def subject_of(url: str) -> str:
    """What a notification is about: its link without the anchor or the query (the replies of
    one thread point to the same page)."""
    return url.split("#", 1)[0].split("?", 1)[0]


def unread_about(user, url: str) -> list[int]:
    """This person's unread notifications about the same subject as `url`."""
    subject = subject_of(url)
    if not subject:
        return []
    candidates = notifications_for(user).filter(read_at__isnull=True, url__startswith=subject)
    return [pk for pk, other in candidates.values_list("pk", "url") if subject_of(other) == subject]


def grouped(notifications) -> list[NotificationGroup]:
    """Newest first, one group per subject; a notification without a link stands alone."""
    groups: dict = {}
    for notification in notifications:
        key = subject_of(notification.url) or ("alone", notification.pk)
        group = groups.get(key)
        if group is None:
            group = groups[key] = NotificationGroup(latest=notification, count=0)
        group.count += 1
        group.unread += notification.is_unread
    return list(groups.values())


def latest_groups(user, limit: int = 10) -> list[NotificationGroup]:
    """The bell's popover: the latest `limit` subjects, from the latest few dozen rows."""
    return grouped(notifications_for(user).order_by("-created_at", "-pk")[: limit * 4])[:limit]


def announcements_accepted(user) -> bool:
    """Whether the member asked for the team's announcements (« Mon profil »)."""
    return bool(
        NotificationPreference.objects.filter(user=user, announcements_accepted=True).exists()
    )
