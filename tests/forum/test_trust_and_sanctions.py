"""Trust levels promoted by days visited, posts read and replies accepted, lifting the
new-account limits; moderators silencing and suspending members for a period, with a reason,
an e-mail, the moderation log, and the end coming by itself."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import trust
from forum.models import (
    MemberTrust,
    ModerationAction,
    ModerationActionKind,
    Reply,
    Thread,
    TrustLevel,
)
from labo.notifications.models import Notification, QueuedEmail
from tests.forum.factories import make_thread, token
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thresholds(settings):
    settings.FORUM_TRUST_LEVELS = {
        1: {"days_visited": 2, "posts_read": 3, "replies_accepted": 0},
        2: {"days_visited": 3, "posts_read": 5, "replies_accepted": 1},
    }


def _visit_on(client, day_offset: int) -> None:
    """A visit as if on another day: the session forgets the day it counted, and the row its
    last visit."""
    session = client.session
    session.pop("forum_visit_day", None)
    session.save()
    user_id = int(session["_auth_user_id"])
    MemberTrust.objects.filter(user_id=user_id).update(
        last_visit_on=timezone.localdate() - timedelta(days=day_offset)
    )
    client.get("/forum/")


def test_a_newcomer_climbs_to_level_two(demo, client, thresholds):
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.get("/forum/")
    client.get("/forum/")  # the same day: counted once
    assert MemberTrust.objects.get(user=newcomer).days_visited == 1
    assert trust.level_of(newcomer) == TrustLevel.NEW

    # Reading a thread counts its opening post and the replies shown, once.
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    client.get(thread.get_absolute_url())
    read = MemberTrust.objects.get(user=newcomer).posts_read
    assert read == 1 + thread.reply_count
    client.get(thread.get_absolute_url())
    assert MemberTrust.objects.get(user=newcomer).posts_read == read

    _visit_on(client, 1)
    assert trust.level_of(newcomer) == TrustLevel.BASIC
    told = Notification.objects.get(recipient=newcomer, kind="forum.trust")
    assert "limites des nouveaux comptes sont levées" in told.body

    _visit_on(client, 1)
    # Three days and enough reading, but no reply chosen as a solution yet.
    assert trust.level_of(newcomer) == TrustLevel.BASIC
    asker = make_thread(UserFactory(), title="Qui connaît un notaire à Albi ?")
    client.post(f"/forum/sujet/{asker.pk}/repondre/", {"text": "Oui, à Albi.", "token": token()})
    chosen = Reply.objects.get(object_pk=str(asker.pk), user=newcomer)
    client.force_login(asker.author)
    client.post(f"/forum/sujet/{asker.pk}/solution/", {"reply": chosen.pk})
    assert trust.level_of(newcomer) == TrustLevel.REGULAR
    client.force_login(demo["moderation@labo.test"])
    page = client.get(f"/forum/moderation/membres/{newcomer.pk}/").content.decode()
    assert "Niveau 2 · Membre confirmé·e" in page


def test_the_level_lifts_the_limits_and_only_moderators_see_it(demo, client, settings):
    settings.FORUM_POST_INTERVAL = 60
    porteur = demo["porteur.a@labo.test"]  # level 2 in the demo: no wait between two posts
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    client.force_login(porteur)
    for text in ("Première réponse.", "Seconde réponse, tout de suite."):
        response = client.post(
            f"/forum/sujet/{thread.pk}/repondre/", {"text": text, "token": token()}
        )
        assert response.status_code == 302
    client.force_login(demo["membre@labo.test"])
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Membre confirmé·e" not in html and "/forum/moderation/membres/" not in html
    client.force_login(demo["moderation@labo.test"])
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/forum/moderation/membres/{porteur.pk}/"' in html
    assert "N2 · Membre confirmé·e" in html


def _silence(client, member, *, kind="silence", days=7, reason="Propos blessants répétés."):
    return client.post(
        f"/forum/moderation/membres/{member.pk}/",
        {"kind": kind, "days": days, "reason": reason},
    )


def test_a_moderator_silences_a_member_for_a_week(demo, client, mailoutbox):
    member = demo["membre@labo.test"]
    client.force_login(demo["moderation@labo.test"])
    response = _silence(client, member)
    assert response.status_code == 302
    member.refresh_from_db()
    assert timedelta(days=6, hours=23) < member.silenced_until - timezone.now() <= timedelta(days=7)
    entry = ModerationAction.objects.get(member=member)
    assert entry.action == ModerationActionKind.SILENCE and entry.reason.startswith("Propos")
    email = QueuedEmail.objects.get(to=member.email)
    assert "réduit·e au silence" in email.body and "Propos blessants répétés." in email.body
    queue = client.get("/forum/moderation/").content.decode()
    assert "Membres réduits au silence ou suspendus" in queue and member.display_name in queue

    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "vous a réduit·e au silence jusqu&#x27;au" in page
    assert 'action="/forum/sujet/' not in page.split('id="repondre"')[1]
    response = client.post(
        f"/forum/sujet/{thread.pk}/repondre/", {"text": "Je parle quand même.", "token": token()}
    )
    assert response.status_code == 403
    assert "réduit·e au silence" in response.content.decode()
    assert client.get("/forum/nouveau/").status_code == 403
    response = client.post(f"/forum/reagir/sujet/{thread.pk}/", {"reaction": "merci"})
    assert response.status_code == 403
    # Reading and flagging stay open.
    assert client.get("/forum/").status_code == 200


def test_the_silence_ends_by_itself_and_the_job_records_it(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(demo["moderation@labo.test"])
    _silence(client, member, days=1)
    member.__class__.objects.filter(pk=member.pk).update(
        silenced_until=timezone.now() - timedelta(minutes=1)
    )
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    client.force_login(member)
    response = client.post(
        f"/forum/sujet/{thread.pk}/repondre/", {"text": "De retour.", "token": token()}
    )
    assert response.status_code == 302  # over at its date, before any job ran
    call_command("end_sanctions", verbosity=0)
    member.refresh_from_db()
    assert member.silenced_until is None
    ended = ModerationAction.objects.get(member=member, action=ModerationActionKind.LIFT_SILENCE)
    assert ended.actor is None
    assert QueuedEmail.objects.filter(
        to=member.email, subject__contains="de nouveau publier"
    ).exists()
    call_command("end_sanctions", verbosity=0)  # nothing left: no second line, no second e-mail
    assert ModerationAction.objects.filter(member=member).count() == 2


def test_a_suspended_member_cannot_sign_in_and_is_signed_out(demo, client, login):
    member = demo["porteur.b@labo.test"]
    signed_in = login(member.email)
    assert signed_in.get("/espace/").status_code == 200
    moderator = client.__class__()
    moderator.force_login(demo["moderation@labo.test"])
    assert _silence(moderator, member, kind="suspension", days=3).status_code == 302
    # The session made before ends at once.
    response = signed_in.get("/espace/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    fresh = client.__class__()
    response = fresh.post("/compte/login/", {"login": member.email, "password": "labo-demo-2025"})
    assert response.status_code == 403
    assert "Votre compte est suspendu" in response.content.decode()
    assert fresh.get("/espace/").status_code == 302
    # Lifted by a moderator: signing in works again.
    moderator.post(f"/forum/moderation/membres/{member.pk}/lever/", {"kind": "suspension"})
    login(member.email)
    assert QueuedEmail.objects.filter(
        to=member.email, subject__contains="de nouveau ouvert"
    ).exists()


def test_who_may_not_sanction(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(member)
    assert client.get(f"/forum/moderation/membres/{member.pk}/").status_code == 403
    assert _silence(client, demo["porteur.a@labo.test"]).status_code == 403
    client.logout()
    response = client.get(f"/forum/moderation/membres/{member.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")

    moderator = demo["moderation@labo.test"]
    client.force_login(moderator)
    for untouchable in (demo["equipe@labo.test"], demo["admin@labo.test"], moderator):
        page = client.get(f"/forum/moderation/membres/{untouchable.pk}/").content.decode()
        assert "ne se sanctionnent pas ici" in page
        assert _silence(client, untouchable).status_code == 403
        untouchable.refresh_from_db()
        assert untouchable.silenced_until is None
    assert not ModerationAction.objects.filter(member__isnull=False).exists()


def test_a_bad_form_keeps_what_was_typed(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(demo["moderation@labo.test"])
    response = _silence(client, member, days=5, reason="Trop court")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Trop court" in html  # the reason typed, shown again
    assert "Sélectionnez un choix valide" in html  # 5 days is not offered
    member.refresh_from_db()
    assert member.silenced_until is None and not QueuedEmail.objects.filter(to=member.email)


def test_a_moderator_reaches_the_moderation_page_from_a_profile(demo, client):
    porteur = demo["porteur.a@labo.test"]
    client.force_login(demo["moderation@labo.test"])
    profile = client.get(f"/compte/membres/{porteur.pk}/").content.decode()
    assert f'href="/forum/moderation/membres/{porteur.pk}/"' in profile
    client.force_login(demo["membre@labo.test"])
    profile = client.get(f"/compte/membres/{porteur.pk}/").content.decode()
    assert "/forum/moderation/membres/" not in profile
