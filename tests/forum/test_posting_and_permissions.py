"""Who may read, post, edit and delete; abuse limits; nothing typed is lost; one post per
form sent."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum import services
from forum.models import (
    Category,
    MemberTrust,
    ModerationAction,
    PostStatus,
    Reply,
    Thread,
    TrustLevel,
)
from tests.forum.factories import category, make_thread, token
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_only(demo):
    return Category.objects.create(
        name="Entre porteurs", slug="entre-porteurs", members_only=True, sort_order=99
    )


@pytest.fixture
def no_interval(settings):
    settings.FORUM_POST_INTERVAL = 0


@pytest.mark.smoke
def test_visitors_read_public_threads_but_cannot_post(demo, client):
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Nous avons choisi la coopérative" in html
    assert "Se connecter pour répondre" in html
    response = client.post(f"/forum/sujet/{thread.pk}/repondre/", {"text": "Bonjour !"})
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    response = client.get("/forum/montage-juridique/nouveau/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    assert not Reply.objects.filter(comment="Bonjour !").exists()


def test_a_members_only_category_is_invisible_to_visitors_everywhere(demo, client, members_only):
    thread = make_thread(demo["porteur.a@labo.test"], title="Entre nous : nos loyers",
                         category_slug="entre-porteurs")  # fmt: skip
    public = make_thread(demo["porteur.a@labo.test"], title="Ouvert à tous : nos loyers")
    assert public.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    for url in ("/forum/", "/sitemap.xml"):
        assert "Entre porteurs" not in client.get(url).content.decode()
        assert "Entre nous : nos loyers" not in client.get(url).content.decode()
    assert client.get("/forum/entre-porteurs/").status_code == 404
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get("/forum/entre-porteurs/flux.atom").status_code == 404
    reply = services.reply_create(thread=thread, user=demo["porteur.b@labo.test"], text="Oui.")
    assert client.get(f"/forum/reponse/{reply.pk}/").status_code == 404

    client.force_login(demo["membre@labo.test"])
    assert "Entre nous : nos loyers" in client.get("/forum/entre-porteurs/").content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 200
    # No feed even for members: a feed reader has no login.
    assert client.get("/forum/entre-porteurs/flux.atom").status_code == 404


def test_a_member_opens_a_thread_and_replies(demo, client, no_interval):
    client.force_login(demo["membre@labo.test"])
    response = client.post(
        "/forum/foncier/nouveau/",
        {
            "title": "Un terrain en zone AU",
            "body": "Notre commune révise son PLU, que faire ?",
            "tags": "PLU, urbanisme",
            "token": token(),
        },  # fmt: skip
    )
    thread = Thread.objects.get(title="Un terrain en zone AU")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert sorted(t.name for t in thread.tags.all()) == ["PLU", "urbanisme"]
    client.post(
        f"/forum/sujet/{thread.pk}/repondre/", {"text": "Je précise : 2 ha.", "token": token()}
    )
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert "Je précise : 2 ha." in client.get(thread.get_absolute_url()).content.decode()


def test_the_same_form_sent_twice_creates_one_post(demo, client, no_interval):
    client.force_login(demo["membre@labo.test"])
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    data = {"text": "Une seule fois, merci.", "token": token()}
    first = client.post(f"/forum/sujet/{thread.pk}/repondre/", data)
    second = client.post(f"/forum/sujet/{thread.pk}/repondre/", data)
    assert Reply.objects.filter(comment="Une seule fois, merci.").count() == 1
    assert first["Location"] == second["Location"]
    new_thread = {
        "title": "Sujet en double ?",
        "body": "Envoyé deux fois de suite.",
        "token": token(),
    }
    client.post("/forum/foncier/nouveau/", new_thread)
    client.post("/forum/foncier/nouveau/", new_thread)
    assert Thread.objects.filter(title="Sujet en double ?").count() == 1


def test_a_validation_error_keeps_the_text(demo, client, no_interval):
    client.force_login(demo["membre@labo.test"])
    response = client.post(
        "/forum/foncier/nouveau/",
        {"title": "Pb", "body": "Mon long texte à garder absolument.", "token": token()},
    )
    assert response.status_code == 400
    assert "Mon long texte à garder absolument." in response.content.decode()
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    response = client.post(
        f"/forum/sujet/{thread.pk}/repondre/", {"text": "x" * 10001, "token": token()}
    )
    assert response.status_code == 400
    assert "x" * 100 in response.content.decode()


def test_honeypot_refuses_robots(demo, client, no_interval):
    client.force_login(demo["membre@labo.test"])
    response = client.post(
        "/forum/foncier/nouveau/",
        {
            "title": "Achetez maintenant",
            "body": "Offre exceptionnelle ici.",
            "website": "spam.example",
            "token": token(),
        },
    )
    assert response.status_code == 400
    assert not Thread.objects.filter(title="Achetez maintenant").exists()


def test_a_new_account_is_limited_on_its_first_day_with_a_clear_message(demo, client, settings):
    settings.FORUM_POST_INTERVAL = 0
    newcomer = UserFactory()
    client.force_login(newcomer)
    for n in range(3):
        client.post(
            "/forum/foncier/nouveau/",
            {"title": f"Question n° {n} du jour", "body": "Un texte assez long.", "token": token()},
        )
    response = client.post(
        "/forum/foncier/nouveau/",
        {"title": "Quatrième question", "body": "Le texte que je garde.", "token": token()},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Un nouveau membre peut ouvrir 3 sujets par jour" in html
    assert "Le texte que je garde." in html
    assert Thread.objects.filter(author=newcomer).count() == 3

    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    links = "Voir https://a.fr https://b.fr https://c.fr"
    response = client.post(f"/forum/sujet/{thread.pk}/repondre/", {"text": links, "token": token()})
    assert "2 liens par message" in response.content.decode()

    # Trust level 1 (forum.trust) lifts the new-account limits.
    MemberTrust.objects.update_or_create(user=newcomer, defaults={"level": TrustLevel.BASIC})
    response = client.post(
        "/forum/foncier/nouveau/",
        {"title": "Quatrième question", "body": "Le texte que je garde.", "token": token()},
    )
    assert response.status_code == 302


def test_posting_too_fast_is_refused_then_allowed(demo, client, settings):
    settings.FORUM_POST_INTERVAL = 60
    client.force_login(demo["membre@labo.test"])
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    assert (
        client.post(
            f"/forum/sujet/{thread.pk}/repondre/", {"text": "Première.", "token": token()}
        ).status_code
        == 302
    )
    response = client.post(
        f"/forum/sujet/{thread.pk}/repondre/", {"text": "Deuxième, trop vite.", "token": token()}
    )
    assert response.status_code == 400
    assert "patientez quelques secondes" in response.content.decode()
    assert "Deuxième, trop vite." in response.content.decode()


def test_only_the_author_or_a_moderator_edits_and_edits_are_marked(demo, client, settings):
    author = demo["membre@labo.test"]
    thread = make_thread(author)
    reply = services.reply_create(thread=thread, user=author, text="Premier jet.")
    for intruder in ("porteur.a@labo.test", "partenaire@labo.test"):
        client.force_login(demo[intruder])
        assert (
            client.post(f"/forum/reponse/{reply.pk}/modifier/", {"text": "Piraté"}).status_code
            == 403
        )
        assert (
            client.post(
                f"/forum/sujet/{thread.pk}/modifier/",
                {"title": "Piraté", "body": "Piraté !!", "token": token()},
            ).status_code
            == 403
        )
        assert client.post(f"/forum/reponse/{reply.pk}/supprimer/").status_code == 403
    client.force_login(author)
    client.post(f"/forum/reponse/{reply.pk}/modifier/", {"text": "Texte relu."})
    reply.refresh_from_db()
    assert reply.comment == "Texte relu." and reply.edited_at is not None
    assert "modifié" in client.get(thread.get_absolute_url()).content.decode()

    # After the edit window, the author can no longer edit; a moderator still can.
    Reply.objects.filter(pk=reply.pk).update(submit_date=timezone.now() - timedelta(hours=3))
    assert (
        client.post(f"/forum/reponse/{reply.pk}/modifier/", {"text": "Trop tard"}).status_code
        == 403
    )
    client.force_login(demo["moderation@labo.test"])
    assert (
        client.post(
            f"/forum/reponse/{reply.pk}/modifier/", {"text": "Corrigé par la modération"}
        ).status_code
        == 302
    )


def test_deleting_a_reply_leaves_a_placeholder_and_moderator_deletions_are_logged(demo, client):
    thread = make_thread(demo["membre@labo.test"])
    mine = services.reply_create(
        thread=thread, user=demo["porteur.a@labo.test"], text="Je retire ça."
    )
    other = services.reply_create(
        thread=thread, user=demo["porteur.b@labo.test"], text="Hors charte."
    )
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/forum/reponse/{mine.pk}/supprimer/")
    client.force_login(demo["moderation@labo.test"])
    client.post(
        f"/forum/moderation/reponse/{other.pk}/supprimer/", {"reason": "Attaque personnelle"}
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count("Message supprimé.") == 2
    assert "Je retire ça." not in html and "Hors charte." not in html
    thread.refresh_from_db()
    assert thread.reply_count == 0
    action = ModerationAction.objects.get(reply=other)
    assert action.actor == demo["moderation@labo.test"] and action.reason == "Attaque personnelle"
    assert not ModerationAction.objects.filter(reply=mine).exists()


def test_a_locked_thread_takes_no_more_replies_except_from_moderators(demo, client, no_interval):
    thread = Thread.objects.get(locked=True)
    client.force_login(demo["membre@labo.test"])
    assert "verrouillé" in client.get(thread.get_absolute_url()).content.decode()
    assert (
        client.post(
            f"/forum/sujet/{thread.pk}/repondre/", {"text": "Encore moi", "token": token()}
        ).status_code
        == 403
    )
    client.force_login(demo["moderation@labo.test"])
    assert (
        client.post(
            f"/forum/sujet/{thread.pk}/repondre/",
            {"text": "Précision de la modération", "token": token()},
        ).status_code
        == 302
    )


def test_the_author_marks_a_solution_and_others_cannot(demo, client):
    thread = make_thread(demo["membre@labo.test"])
    reply = services.reply_create(
        thread=thread, user=demo["porteur.a@labo.test"], text="Voilà la réponse."
    )
    client.force_login(demo["porteur.b@labo.test"])
    assert (
        client.post(f"/forum/sujet/{thread.pk}/solution/", {"reply": reply.pk}).status_code == 403
    )
    client.force_login(demo["membre@labo.test"])
    client.post(f"/forum/sujet/{thread.pk}/solution/", {"reply": reply.pk})
    thread.refresh_from_db()
    assert thread.solution == reply
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Résolu : voir la réponse retenue" in html and "Réponse retenue" in html


def test_moderators_hide_restore_lock_pin_and_move_with_a_log(demo, client):
    thread = make_thread(demo["membre@labo.test"], title="À déplacer")
    client.force_login(demo["moderation@labo.test"])
    base = f"/forum/moderation/sujet/{thread.pk}/"
    client.post(base + "epingler/", {"reason": "Question fréquente"})
    client.post(base + "verrouiller/")
    client.post(base + "deplacer/", {"category": category("foncier").pk})
    client.post(base + "masquer/", {"reason": "Vérification"})
    thread.refresh_from_db()
    assert thread.pinned and thread.locked and thread.category.slug == "foncier"
    assert thread.status == PostStatus.HIDDEN
    assert client.get("/forum/foncier/").content.decode().count("À déplacer") == 0
    client.post(base + "retablir/")
    actions = list(ModerationAction.objects.filter(thread=thread).values_list("action", flat=True))
    assert sorted(actions) == sorted(["epingler", "verrouiller", "deplacer", "masquer", "retablir"])
    log = client.get("/forum/moderation/").content.decode()
    assert "Question fréquente" in log and "Montage juridique → Foncier" in log


@pytest.mark.parametrize(
    "email", ["membre@labo.test", "porteur.a@labo.test", "partenaire@labo.test"]
)
def test_members_cannot_moderate(demo, client, email):
    thread = make_thread(demo["porteur.b@labo.test"])
    client.force_login(demo[email])
    assert client.get("/forum/moderation/").status_code == 403
    assert client.post(f"/forum/moderation/sujet/{thread.pk}/masquer/").status_code == 403
    thread.refresh_from_db()
    assert (
        thread.status == PostStatus.PUBLISHED
        and not ModerationAction.objects.filter(thread=thread).exists()
    )


@pytest.mark.parametrize("slug", ["moderation", "sujet", "ne-plus-suivre", "nouveau"])
def test_a_category_may_not_take_the_address_of_a_forum_route(demo, slug):
    refused = Category(name="Une catégorie", slug=slug)
    with pytest.raises(ValidationError) as error:
        refused.full_clean()
    assert "réservée par le forum" in str(error.value.message_dict["slug"])
    Category(name="Une autre catégorie", slug="habitat-rural").full_clean()
