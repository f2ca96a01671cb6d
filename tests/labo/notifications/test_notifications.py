import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labo.notifications.delivery import notification_email_deliver, notification_emails_retry
from labo.notifications.models import EmailFrequency, EmailStatus, Notification
from labo.notifications.services import (
    notification_digests_send,
    notification_preference_set,
    notification_send,
)
from labo.notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db


def _send(recipients, title="Nouvelle réponse dans « Choisir entre SCIA et coopérative »"):
    return notification_send(
        recipients=recipients,
        kind="forum.reply",
        title=title,
        body="Camille Roux a répondu à votre question.",
        url="/forum/montage-juridique/1-scia-ou-cooperative/",
    )


def _unsubscribe_path(message) -> str:
    return re.search(
        r"https?://[^/\s]+(/compte/notifications/desabonnement/[^\s]+/)", message.body
    ).group(1)


@pytest.mark.smoke
def test_a_notification_reaches_the_list_and_the_outbox_once(
    demo, client, django_capture_on_commit_callbacks
):
    member = demo["membre@labo.test"]
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _send([member, member])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["membre@labo.test"]
    assert "Choisir entre SCIA et coopérative" in message.subject
    assert "Bonjour Léa Dupuy" in message.body
    assert "http://127.0.0.1:8000/forum/montage-juridique/1-scia-ou-cooperative/" in message.body
    html_body = message.alternatives[0][0]
    assert "Ne plus recevoir ces e-mails" in html_body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A second delivery attempt (a retried task, a second worker) sends nothing more.
    assert notification_email_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1

    client.force_login(member)
    html = client.get("/compte/notifications/").content.decode()
    assert "Choisir entre SCIA et coopérative" in html
    assert "Nouveau" in html
    assert 'class="badge badge--count">2<' in client.get("/").content.decode()  # + welcome


def test_the_actor_is_not_notified_of_their_own_action(demo):
    member = demo["membre@labo.test"]
    assert (
        notification_send(recipients=[member], kind="forum.reply", title="x", exclude=member) == []
    )


def test_daily_digest_groups_pending_notifications_into_one_email(
    demo, django_capture_on_commit_callbacks
):
    member = demo["porteur.a@labo.test"]
    notification_preference_set(user=member, email_frequency=EmailFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            _send([member], title=f"Nouveau message n° {n + 1}")
    assert mail.outbox == []

    assert notification_digests_send() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "3 nouvelles notifications" in digest.subject
    for n in range(3):
        assert f"Nouveau message n° {n + 1}" in digest.body
    assert Notification.objects.filter(recipient=member, email_status=EmailStatus.SENT).count() == 3

    # Run again the same day: nothing new, nothing sent.
    _send([member], title="Encore un message")
    assert notification_digests_send() == 0
    # The next day, the pending one goes out.
    assert notification_digests_send(now=timezone.now() + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_members_who_chose_no_email_get_none_but_still_see_the_notification(
    demo, client, django_capture_on_commit_callbacks
):
    member = demo["porteur.b@labo.test"]
    notification_preference_set(user=member, email_frequency=EmailFrequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        _send([member])
    assert mail.outbox == []
    assert notification_digests_send() == 0
    client.force_login(member)
    assert (
        "Choisir entre SCIA et coopérative" in client.get("/compte/notifications/").content.decode()
    )


def test_the_unsubscribe_link_works_without_logging_in(
    demo, client, django_capture_on_commit_callbacks
):
    member = demo["membre@labo.test"]
    with django_capture_on_commit_callbacks(execute=True):
        _send([member])
    path = _unsubscribe_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    assert "Forum : réponses" in page.content.decode()  # the link stops its own family
    # Mail clients POST there directly (RFC 8058): no session, no CSRF token.
    response = client.post(path)
    assert response.status_code == 200
    assert "vous ne recevrez plus d&#x27;e-mails pour" in response.content.decode()
    preference = member.notification_preference
    preference.refresh_from_db()
    assert preference.by_family["forum"] == EmailFrequency.OFF
    assert preference.email_frequency == EmailFrequency.IMMEDIATE  # the other families go on

    with django_capture_on_commit_callbacks(execute=True):
        _send([member], title="Après le désabonnement")
    assert len(mail.outbox) == 1
    # A link of the days before families (a bare member id) still stops everything.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/compte/notifications/desabonnement/{unsubscribe_token(member.pk)}/")
    preference.refresh_from_db()
    assert preference.email_frequency == EmailFrequency.OFF


def test_a_tampered_unsubscribe_link_changes_nothing(demo, client):
    response = client.post("/compte/notifications/desabonnement/faux-jeton/")
    assert response.status_code == 400
    member = demo["membre@labo.test"]
    assert not hasattr(member, "notification_preference") or (
        member.notification_preference.email_frequency != EmailFrequency.OFF
    )


def _unread_badge(client) -> str:
    header = client.get("/").content.decode().split('class="site-header__account"')[1]
    badge = re.search(r'badge--count">(\d+)', header.split("</nav>")[0])
    return badge.group(1) if badge else ""


def test_the_unread_count_follows_new_and_read_notifications_without_a_query(demo, client):
    member, other = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    client.force_login(member)
    before = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    assert _unread_badge(client) == (str(before) if before else "")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert not [q for q in captured if "notifications_notification" in q["sql"]]
    _send([member, other])
    assert _unread_badge(client) == str(before + 1)
    _send([other])  # someone else's: not theirs to count
    assert _unread_badge(client) == str(before + 1)
    client.post("/compte/notifications/tout-lire/")
    assert _unread_badge(client) == ""


def test_mark_all_read_empties_the_unread_count(demo, client):
    member = demo["membre@labo.test"]
    _send([member])
    client.force_login(member)
    client.post("/compte/notifications/tout-lire/")
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    header = client.get("/").content.decode().split('class="site-header__account"')[1]
    assert "badge--count" not in header.split("</nav>")[0]


def test_notifications_of_others_are_never_listed(demo, client):
    _send([demo["porteur.a@labo.test"]], title="Message privé pour Camille")
    client.force_login(demo["membre@labo.test"])
    assert "Message privé pour Camille" not in client.get("/compte/notifications/").content.decode()
    client.logout()
    assert client.get("/compte/notifications/").status_code == 302


def test_an_email_that_failed_stays_pending_and_is_retried(
    demo, settings, django_capture_on_commit_callbacks
):
    member = demo["membre@labo.test"]
    # A real SMTP connection to a port where nothing listens: the send fails.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = _send([member])
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert notification.email_attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert notification_emails_retry() == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1
