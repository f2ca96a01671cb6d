from labo.notifications.models import EmailStatus, Notification

WELCOME_KIND = "labo.welcome"


def welcome_notifications(users: dict) -> None:
    """One welcome notification per demo account, listed on the site, never e-mailed."""
    already = set(
        Notification.objects.filter(kind=WELCOME_KIND).values_list("recipient_id", flat=True)
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=WELCOME_KIND,
            title="Bienvenue sur le Labo de l'habitat des communs",
            body="Complétez votre profil pour que les autres membres sachent qui vous êtes.",
            url="/compte/profil/",
            email_status=EmailStatus.SKIPPED,
        )
        for user in users.values()
        if user.pk not in already
    )
