"""Private conversations: started from a profile or a post, several participants, notified by
each member's rhythm; turned off, blocked, left, reported (moderators then read that one
conversation only); new accounts limited; Markdown sanitised; in the data export and handled
on account deletion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conversations.models import Block, Conversation, Message, Participant, Report
from forum.models import MemberTrust, Thread, TrustLevel
from labo.accounts.personal_data import member_account_delete, member_data_export
from labo.notifications.models import Notification
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


def _start(client, names, *, subject="Une visite ?", body="Bonjour, pouvons-nous venir ?", **extra):
    return client.post(
        "/messages/nouvelle/", {"recipients": names, "subject": subject, "body": body, **extra}
    )


def test_a_member_writes_privately_to_a_carrier_who_answers(demo, client):
    membre, porteur = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    client.force_login(membre)
    # From the profile: the button, then the form with the name filled in.
    profile = client.get(f"/compte/membres/{porteur.pk}/").content.decode()
    assert f'href="/messages/nouvelle/?a={porteur.pk}"' in profile
    form = client.get(f"/messages/nouvelle/?a={porteur.pk}").content.decode()
    assert 'value="Camille Roux"' in form
    response = _start(client, "Camille Roux", pinned=porteur.pk, body="Bonjour **Camille** !")
    conversation = Conversation.objects.get(subject="Une visite ?")
    assert response.status_code == 302 and response["Location"] == f"/messages/{conversation.pk}/"
    told = Notification.objects.get(recipient=porteur, kind="conversations.message")
    assert told.title == "Message privé de Léa Dupuy : « Une visite ? »"
    assert told.url == f"/messages/{conversation.pk}/"

    client.force_login(porteur)
    inbox = client.get("/messages/").content.decode()
    assert "Une visite ?" in inbox and '<span class="badge">non lu</span>' in inbox
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "<strong>Camille</strong>" in page
    assert '<span class="badge">non lu</span>' not in client.get("/messages/").content.decode()
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Avec plaisir, samedi ?"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=membre, kind="conversations.message").exists()
    assert conversation.messages.count() == 2


def test_several_participants_and_a_post_link(demo, client):
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    client.force_login(demo["membre@labo.test"])
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "/messages/nouvelle/?a=" in html  # « Message privé » under the posts of others
    _start(client, "Camille Roux, Mathieu Fabre, camille roux")
    conversation = Conversation.objects.get(started_by=demo["membre@labo.test"])
    assert sorted(conversation.participants.values_list("user__email", flat=True)) == [
        "membre@labo.test",
        "porteur.a@labo.test",
        "porteur.b@labo.test",
    ]


def test_strangers_and_visitors_see_nothing(demo, client):
    client.force_login(demo["membre@labo.test"])
    _start(client, "Camille Roux", subject="Entre nous")
    conversation = Conversation.objects.get(subject="Entre nous")
    for outsider in ("porteur.b@labo.test", "equipe@labo.test", "moderation@labo.test"):
        client.force_login(demo[outsider])
        assert client.get(f"/messages/{conversation.pk}/").status_code == 404
        assert "Entre nous" not in client.get("/messages/").content.decode()
        response = client.post(f"/messages/{conversation.pk}/", {"body": "Je m'invite."})
        assert response.status_code == 404
    client.logout()
    response = client.get(f"/messages/{conversation.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_turned_off_or_blocked_members_receive_nothing(demo, client):
    porteur, membre = demo["porteur.a@labo.test"], demo["membre@labo.test"]
    client.force_login(porteur)
    client.post("/messages/reglages/", {})  # the box unticked: no more conversations
    client.force_login(membre)
    response = _start(client, "Camille Roux", body="Un texte que je garde.")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Camille Roux ne reçoit pas de messages privés." in html
    assert "Un texte que je garde." in html
    profile = client.get(f"/compte/membres/{porteur.pk}/").content.decode()
    assert "/messages/nouvelle/" not in profile

    client.force_login(demo["porteur.b@labo.test"])
    client.post(f"/messages/bloquer/{membre.pk}/", {"bloquer": "1"})
    assert Block.objects.filter(blocker=demo["porteur.b@labo.test"], blocked=membre).exists()
    client.force_login(membre)
    response = _start(client, "Mathieu Fabre")
    assert response.status_code == 400
    assert "Mathieu Fabre ne peut pas recevoir vos messages." in response.content.decode()
    assert not Conversation.objects.filter(started_by=membre).exists()


def test_leaving_and_the_last_one_out(demo, client):
    membre, porteur = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    client.force_login(membre)
    _start(client, "Camille Roux", subject="Bientôt quittée")
    conversation = Conversation.objects.get(subject="Bientôt quittée")
    client.post(f"/messages/{conversation.pk}/quitter/")
    assert client.get(f"/messages/{conversation.pk}/").status_code == 404
    client.force_login(porteur)
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "a quitté la conversation" in page
    assert "ne participe à cette conversation" in page
    assert (
        client.post(f"/messages/{conversation.pk}/", {"body": "Il y a quelqu'un ?"}).status_code
        == 403
    )
    client.post(f"/messages/{conversation.pk}/quitter/")
    assert not Conversation.objects.filter(pk=conversation.pk).exists()


def test_a_reported_conversation_and_only_it_opens_to_moderators(demo, client, settings):
    settings.FORUM_POST_INTERVAL = 0
    membre = demo["membre@labo.test"]
    client.force_login(membre)
    _start(client, "Camille Roux", subject="Signalée")
    _start(client, "Mathieu Fabre", subject="Pas signalée")
    reported = Conversation.objects.get(subject="Signalée")
    other = Conversation.objects.get(subject="Pas signalée")
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        f"/messages/{reported.pk}/signaler/", {"details": "Démarchage insistant."}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(
        recipient=demo["moderation@labo.test"], kind="forum.moderation"
    ).exists()

    client.force_login(demo["moderation@labo.test"])
    assert "Signalée" in client.get("/messages/signalements/").content.decode()
    page = client.get(f"/messages/{reported.pk}/").content.decode()
    assert "Vous lisez cette conversation parce qu" in page and "Démarchage insistant." in page
    assert 'name="body"' not in page  # moderators read, they do not write there
    assert client.get(f"/messages/{other.pk}/").status_code == 404
    report = Report.objects.get()
    client.post(f"/messages/signalements/{report.pk}/classer/")
    assert client.get(f"/messages/{reported.pk}/").status_code == 404

    client.force_login(membre)
    assert client.get("/messages/signalements/").status_code == 403


def test_new_accounts_are_limited_and_silenced_members_write_nothing(demo, client, settings):
    settings.FORUM_POST_INTERVAL = 0
    newcomer = UserFactory(display_name="Nouvelle Venue")
    client.force_login(newcomer)
    response = _start(client, "Camille Roux, Mathieu Fabre, Léa Dupuy")
    assert response.status_code == 400
    assert "écrit à 2 personnes à la fois" in response.content.decode()
    for n in range(3):
        assert _start(client, "Camille Roux", subject=f"Question {n}").status_code == 302
    response = _start(client, "Camille Roux", subject="Quatrième", body="Je garde ce texte.")
    assert "commence 3 conversations par jour" in response.content.decode()
    assert "Je garde ce texte." in response.content.decode()
    MemberTrust.objects.update_or_create(user=newcomer, defaults={"level": TrustLevel.BASIC})
    assert _start(client, "Camille Roux", subject="Quatrième").status_code == 302

    conversation = Conversation.objects.filter(started_by=newcomer).first()
    newcomer.silenced_until = timezone.now() + timedelta(days=7)
    newcomer.save()
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Encore moi."})
    assert response.status_code == 403 and "réduit·e au silence" in response.content.decode()
    assert client.get("/messages/nouvelle/").status_code == 403
    assert client.get(f"/messages/{conversation.pk}/").status_code == 200  # still reads


def test_markdown_is_sanitised(demo, client):
    client.force_login(demo["membre@labo.test"])
    _start(client, "Camille Roux", body="<script>alert(1)</script> [lien](javascript:alert(2))")
    conversation = Conversation.objects.get(started_by=demo["membre@labo.test"])
    page = client.get(f"/messages/{conversation.pk}/").content.decode()
    body = page.split('class="post__body prose">')[1].split("</div>")[0]
    assert "<script" not in body and 'href="javascript:' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as text, harmless


def test_unknown_and_ambiguous_names_are_refused_with_the_text_kept(demo, client):
    UserFactory(display_name="Camille Roux")  # a namesake
    client.force_login(demo["membre@labo.test"])
    response = _start(client, "Personne Inconnue", body="Mon texte.")
    assert "Aucun membre ne s&#x27;appelle « Personne Inconnue »." in response.content.decode()
    response = _start(client, "Camille Roux", body="Mon texte.")
    assert "Plusieurs membres s&#x27;appellent « Camille Roux »" in response.content.decode()
    # From her profile, the name is pinned to her.
    porteur = demo["porteur.a@labo.test"]
    assert _start(client, "Camille Roux", pinned=porteur.pk).status_code == 302
    assert Participant.objects.filter(user=porteur).exists()


def test_export_and_account_deletion(demo, client):
    membre, porteur = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    client.force_login(membre)
    _start(client, "Camille Roux", subject="À exporter", body="Mon premier message.")
    conversation = Conversation.objects.get(subject="À exporter")
    client.post(f"/messages/bloquer/{demo['porteur.b@labo.test'].pk}/", {"bloquer": "1"})
    data = member_data_export(user=membre)["messages_prives"]
    assert data["conversations"][0]["objet"] == "À exporter"
    assert data["conversations"][0]["mes_messages"][0]["message"] == "Mon premier message."
    assert data["membres_bloques"] == ["Mathieu Fabre"]

    member_account_delete(user=membre)
    message = Message.objects.get(conversation=conversation)
    assert message.author is None  # kept, signed « membre supprimé »
    client.force_login(porteur)
    assert "membre supprimé" in client.get(f"/messages/{conversation.pk}/").content.decode()
    member_account_delete(user=porteur)
    assert not Conversation.objects.filter(pk=conversation.pk).exists()  # nobody left


def test_my_space_counts_the_unread_conversations(demo, client):
    client.force_login(demo["membre@labo.test"])
    _start(client, "Camille Roux", subject="Pour l'espace")
    client.force_login(demo["porteur.a@labo.test"])
    space = client.get("/espace/").content.decode()
    assert "1 conversation a un message que vous n" in space
    conversation = Conversation.objects.get(subject="Pour l'espace")
    client.get(f"/messages/{conversation.pk}/")
    assert "Vous avez tout lu." in client.get("/espace/").content.decode()
