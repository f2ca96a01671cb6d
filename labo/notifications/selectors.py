from labo.notifications.models import EmailFrequency, Notification, NotificationPreference


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def unread_notification_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_frequency_of(user) -> str:
    preference = NotificationPreference.objects.filter(user=user).only("email_frequency").first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATE
