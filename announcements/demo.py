"""Demo announcement for `manage.py load_demo`: the launch at La Cité, sent to every member
who accepts announcements (written directly, as sent: no notification goes out); the demo
members accept them, so that equipe@labo.test's next one reaches them."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from announcements.models import Announcement, AnnouncementStatus, Segment
from labo.notifications.models import NotificationPreference

TITLE = "Retour sur le lancement du Labo à La Cité"
BODY = (
    "Merci aux **plus de cent personnes** venues le 16 septembre 2025 à La Cité, à Toulouse, "
    "pour le lancement du Labo de l'habitat des communs.\n\n"
    "Les supports des interventions sont dans les ressources, et les agoras de l'appel VIURE "
    "reprennent cet automne : retrouvez les dates dans l'agenda."
)


def demo_announcements() -> list[Announcement]:
    users = get_user_model().objects.filter(email__endswith="@labo.test")
    for user in users:
        NotificationPreference.objects.update_or_create(
            user=user, defaults={"announcements_accepted": True}
        )
    if Announcement.objects.filter(title=TITLE).exists():
        return []
    team = users.filter(email="equipe@labo.test").first()
    # A week after the launch (16 September 2025).
    sent = datetime(2025, 9, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    announcement = Announcement.objects.create(
        title=TITLE,
        body=BODY,
        segment=Segment.ALL,
        status=AnnouncementStatus.SENT,
        created_by=team,
        sent_by=team,
        sent_at=sent,
        recipients_count=users.count(),
        sent_count=users.count(),
    )
    return [announcement]
