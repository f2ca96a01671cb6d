"""A rhythm per family of notifications (at once, daily, weekly, never), notifications grouped
by subject, and the bell's popover."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from labo.notifications.kinds import family_of
from labo.notifications.models import EmailFrequency, EmailStatus, Notification
from labo.notifications.services import (
    notification_digests_send,
    notification_preference_set,
    notification_send,
)

pytestmark = pytest.mark.django_db

THREAD = "/forum/montage-juridique/1-scia-ou-cooperative/"


def test_every_kind_sent_today_belongs_to_a_family():
    for kind in ("forum.reply", "forum.mention", "applications.stage", "events.promoted",
                 "projects.moderation", "resources.proposal"):  # fmt: skip
        assert family_of(kind), kind
    assert family_of("inconnu.quelque_chose") == ""


def test_each_family_follows_its_own_rhythm(demo, django_capture_on_commit_callbacks):
    member = demo["porteur.a@labo.test"]
    notification_preference_set(
        user=member,
        email_frequency=EmailFrequency.DAILY,
        by_family={
            "forum": EmailFrequency.WEEKLY,
            "applications": EmailFrequency.IMMEDIATE,
            "events": EmailFrequency.OFF,
            "nonsense": "tout",
        },  # fmt: skip
    )
    assert "nonsense" not in member.notification_preference.by_family
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipients=[member], kind="applications.stage", title="Étape franchie")
        notification_send(recipients=[member], kind="forum.reply", title="Une réponse", url=THREAD)
        notification_send(recipients=[member], kind="events.promoted", title="Une place libre")
        notification_send(recipients=[member], kind="projects.update", title="Une actualité")
    # Applications at once; the rest waits.
    assert [message.subject.rsplit("] ", 1)[-1] for message in mail.outbox] == ["Étape franchie"]
    assert Notification.objects.get(title="Une place libre").email_status == EmailStatus.SKIPPED

    # One digest per rhythm: the daily one takes the project's news (the default), the weekly
    # one (never sent yet) the forum's reply.
    assert notification_digests_send() == 2
    daily, weekly = sorted(mail.outbox[-2:], key=lambda message: "semaine" in message.subject)
    assert "résumé du jour" in daily.subject
    assert "Une actualité" in daily.body and "Une réponse" not in daily.body
    assert "résumé de la semaine" in weekly.subject and "Une réponse" in weekly.body
    notification_send(recipients=[member], kind="forum.reply", title="Une autre", url=THREAD)
    # Two days later the week is not over: nothing (and no daily digest: nothing daily waits).
    assert notification_digests_send(now=timezone.now() + timedelta(days=2)) == 0
    assert notification_digests_send(now=timezone.now() + timedelta(days=8)) == 1
    assert "semaine" in mail.outbox[-1].subject and "Une autre" in mail.outbox[-1].body


def test_the_profile_form_sets_a_rhythm_per_family(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(member)
    html = client.get("/compte/profil/").content.decode()
    assert 'name="frequence_forum"' in html and "Un résumé par semaine" in html
    response = client.post(
        "/compte/profil/",
        {
            "display_name": member.display_name,
            "visibility": "members",
            "email_frequency": EmailFrequency.IMMEDIATE,
            "frequence_forum": EmailFrequency.WEEKLY,
            "frequence_applications": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member.notification_preference.refresh_from_db()
    assert member.notification_preference.by_family == {"forum": EmailFrequency.WEEKLY}
    assert 'value="weekly" selected' in client.get("/compte/profil/").content.decode()


def test_notifications_about_one_thread_show_once_and_are_read_together(demo, client):
    member = demo["membre@labo.test"]
    for n in range(3):
        notification_send(
            recipients=[member], kind="forum.reply", title=f"Réponse {n}", url=f"{THREAD}#r{n}"
        )
    client.force_login(member)
    html = client.get("/compte/notifications/").content.decode()
    assert "Réponse 2" in html and "Réponse 0" not in html
    assert "et 2 autres notifications sur ce sujet" in html

    popover = client.get("/compte/notifications/apercu/?next=/forum/")
    assert popover["Cache-Control"] == "private, no-store"
    fragment = popover.content.decode()
    assert "<html" not in fragment
    assert "Réponse 2" in fragment and "Voir toutes mes notifications" in fragment
    assert 'name="next" value="/forum/"' in fragment

    latest = Notification.objects.get(recipient=member, title="Réponse 2")
    client.get(f"/compte/notifications/{latest.pk}/ouvrir/")
    assert not Notification.objects.filter(
        recipient=member, url__startswith=THREAD, read_at__isnull=True
    ).exists()

    # « Tout marquer comme lu » from the popover returns to the page it was opened on, never
    # elsewhere.
    notification_send(recipients=[member], kind="forum.reply", title="Encore", url=THREAD)
    response = client.post("/compte/notifications/tout-lire/", {"next": "/forum/"})
    assert response["Location"] == "/forum/"
    response = client.post("/compte/notifications/tout-lire/", {"next": "https://ailleurs.example"})
    assert response["Location"] == "/compte/notifications/"


def test_nobody_sees_anyone_elses_popover(demo, client):
    notification_send(
        recipients=[demo["porteur.a@labo.test"]], kind="applications.message", title="Secret"
    )
    client.force_login(demo["membre@labo.test"])
    assert "Secret" not in client.get("/compte/notifications/apercu/").content.decode()
    client.logout()
    assert client.get("/compte/notifications/apercu/").status_code == 302
