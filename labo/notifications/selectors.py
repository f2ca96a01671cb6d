from django.core.cache import cache

from labo.notifications.models import EmailFrequency, Notification, NotificationPreference


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def unread_count_key(user_id: int) -> str:
    return f"labo:notifications:unread:{user_id}"


def unread_notification_count(user) -> int:
    """For the navigation on every signed-in page: kept in the shared cache, dropped by
    `labo.notifications.services` whenever this person's notifications are created, read or
    deleted (`unread_count_changed`)."""
    if not (user and user.is_authenticated):
        return 0
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, 3600)
    return count


def email_frequency_of(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).only("email_frequency").first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATE
