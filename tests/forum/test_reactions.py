"""Reactions on posts: one of each kind per member, counts everyone sees, never on one's own
post, the author told in their digest, and nobody else's pressed buttons on a shared page."""

import pytest

from forum import services
from forum.models import Category, PostStatus, Reaction, Reply, Thread
from labo.accounts.personal_data import member_account_delete, member_data_export
from labo.notifications.models import EmailFrequency, EmailStatus, Notification
from tests.forum.factories import make_thread
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(demo):
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    return services.reply_create(
        thread=thread, user=demo["porteur.b@labo.test"], text="Notre expérience de la SCIC."
    )


def _react(client, reply, kind, **extra):
    return client.post(f"/forum/reagir/reponse/{reply.pk}/", {"reaction": kind}, **extra)


def test_a_member_gives_one_of_each_kind_and_takes_it_back(demo, client, reply):
    client.force_login(demo["membre@labo.test"])
    assert _react(client, reply, "merci").status_code == 302
    assert _react(client, reply, "utile").status_code == 302
    reply.refresh_from_db()
    assert reply.reaction_counts == {"merci": 1, "utile": 1}
    # The same kind again takes it back: one of each per member, never two.
    _react(client, reply, "merci")
    reply.refresh_from_db()
    assert reply.reaction_counts == {"utile": 1}
    assert Reaction.objects.filter(reply=reply).count() == 1

    client.force_login(demo["porteur.a@labo.test"])
    _react(client, reply, "utile")
    reply.refresh_from_db()
    assert reply.reaction_counts == {"utile": 2}


def test_everyone_sees_the_counts_only_members_get_buttons(demo, client, reply):
    client.force_login(demo["membre@labo.test"])
    _react(client, reply, "utile")
    thread_url = Thread.objects.get(pk=int(reply.object_pk)).get_absolute_url()
    client.logout()
    html = client.get(thread_url).content.decode()
    assert f'id="reactions-reponse-{reply.pk}"' in html
    assert 'Utile <span class="reaction__count">1</span>' in html
    assert f"/forum/reagir/reponse/{reply.pk}/" not in html
    # A visitor who posts is sent to sign in; nothing is counted.
    response = _react(client, reply, "merci")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    reply.refresh_from_db()
    assert reply.reaction_counts == {"utile": 1}


def test_pressed_buttons_are_the_readers_own(demo, client, reply):
    """The replies are kept as a shared fragment: one member's pressed « Utile » must never
    show pressed to another member."""
    thread_url = Thread.objects.get(pk=int(reply.object_pk)).get_absolute_url()
    client.force_login(demo["membre@labo.test"])
    _react(client, reply, "utile")
    mine = client.get(thread_url).content.decode()
    assert 'value="utile" class="reaction reaction--mine" aria-pressed="true"' in mine
    client.force_login(demo["porteur.a@labo.test"])
    for _twice in range(2):  # the second read comes from the kept fragment
        theirs = client.get(thread_url).content.decode()
        assert f"/forum/reagir/reponse/{reply.pk}/" in theirs
        assert 'aria-pressed="true"' not in theirs


def test_who_may_not_react(demo, client, reply):
    author = demo["porteur.b@labo.test"]
    client.force_login(author)
    assert _react(client, reply, "merci").status_code == 403  # their own post
    thread = Thread.objects.get(pk=int(reply.object_pk))
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    client.force_login(demo["membre@labo.test"])
    assert _react(client, reply, "merci").status_code == 403  # a locked thread
    Thread.objects.filter(pk=thread.pk).update(locked=False)
    Reply.objects.filter(pk=reply.pk).update(status=PostStatus.HIDDEN)
    assert _react(client, reply, "merci").status_code == 403  # a hidden reply
    Reply.objects.filter(pk=reply.pk).update(status=PostStatus.PUBLISHED)
    # Not a kind (its one field is a button's value, so the hostile-input suite cannot fill
    # it): refused with a message, nothing stored, never a server error.
    for hostile in ("coeur", "", "merci' OR 1=1", "x" * 5000, "<script>", "\x00"):
        assert _react(client, reply, hostile).status_code == 302
        response = _react(client, reply, hostile, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Reaction.objects.filter(reply=reply).exists()


def test_the_author_is_told_once_in_the_daily_digest(demo, client, reply):
    for email in ("membre@labo.test", "porteur.a@labo.test"):
        client.force_login(demo[email])
        _react(client, reply, "merci")
    notices = Notification.objects.filter(recipient=demo["porteur.b@labo.test"],
                                          kind="forum.reaction")  # fmt: skip
    assert notices.count() == 1
    notice = notices.get()
    assert notice.title.startswith("2 réactions à votre réponse")
    assert notice.body == "Merci 2"
    # Even for a member who wants every notification at once: reactions wait for the digest.
    assert notice.email_frequency == EmailFrequency.DAILY
    assert notice.email_status == EmailStatus.PENDING


def test_htmx_gets_the_bar_alone(demo, client, reply):
    client.force_login(demo["membre@labo.test"])
    response = _react(client, reply, "plus-un", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div class="reactions"') and "<html" not in html
    assert 'value="plus-un" class="reaction reaction--mine" aria-pressed="true"' in html


def test_the_opening_post_takes_reactions_too(demo, client):
    thread = make_thread(demo["porteur.a@labo.test"], title="Un sujet à remercier")
    client.force_login(demo["membre@labo.test"])
    assert (
        client.post(f"/forum/reagir/sujet/{thread.pk}/", {"reaction": "merci"}).status_code == 302
    )
    thread.refresh_from_db()
    assert thread.reaction_counts == {"merci": 1}
    assert (
        client.post(f"/forum/reagir/billet/{thread.pk}/", {"reaction": "merci"}).status_code == 404
    )


def test_a_members_only_thread_is_not_found_for_visitors(demo, client):
    Category.objects.filter(slug="montage-juridique").update(members_only=True)
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    response = client.post(f"/forum/reagir/sujet/{thread.pk}/", {"reaction": "merci"})
    assert response.status_code == 404


def test_a_members_reactions_are_in_their_data_and_leave_with_their_account(demo, client, reply):
    giver = UserFactory()
    client.force_login(giver)
    _react(client, reply, "merci")
    exported = member_data_export(user=giver)["forum"]["reactions"]
    assert [(r["reaction"], r["reponse"]) for r in exported] == [("Merci", reply.pk)]
    member_account_delete(user=giver)
    reply.refresh_from_db()
    assert reply.reaction_counts == {}
    assert not Reaction.objects.filter(reply=reply).exists()
