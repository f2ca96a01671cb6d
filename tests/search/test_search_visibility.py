"""Every change of who may see something reaches the search at once, on both databases: a
category made members-only, a thread moved, hidden or restored, a reply hidden, a page made
private or moved under a private section; and the spelling hint never offers a visitor a word
that only members-only titles hold."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageViewRestriction

from forum import moderation
from forum.models import Category, PostStatus, Thread
from labo.core.models import StandardPage
from search.indexing import index_rebuild
from search.models import SearchDocument
from search.normalize import normalize
from tests.forum.factories import make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

SCIA_THREAD = "SCIA ou coopérative d'habitants : comment avez-vous choisi ?"


def _page(client, query: str) -> str:
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def _titles(client, query: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', _page(client, query))


def _hint(client, query: str) -> str:
    found = re.search(r'Vouliez-vous dire :\s*<a href="[^"]+">([^<]+)</a>', _page(client, query))
    return found.group(1) if found else ""


def test_a_category_made_members_only_leaves_visitors_search_at_once(indexed, client):
    category = Category.objects.get(slug="montage-juridique")
    assert SCIA_THREAD in _titles(client, "SCIA")
    category.members_only = True
    category.save()  # what Forum › Catégories does
    assert SCIA_THREAD not in _titles(client, "SCIA")
    suggestions = client.get("/recherche/suggestions/", {"q": "SCIA ou"}).json()["results"]
    assert SCIA_THREAD not in [suggestion["title"] for suggestion in suggestions]
    client.force_login(indexed["membre@labo.test"])
    assert SCIA_THREAD in _titles(client, "SCIA")
    client.logout()
    category.members_only = False
    category.save()
    assert SCIA_THREAD in _titles(client, "SCIA")


def test_a_thread_moved_to_a_members_only_category_leaves_visitors_search(indexed, client):
    private = Category.objects.create(
        name="Entre porteurs", slug="entre-porteurs", members_only=True
    )
    thread = Thread.objects.get(title=SCIA_THREAD)
    moderation.thread_move(thread=thread, by=indexed["moderation@labo.test"], category=private)
    assert SCIA_THREAD not in _titles(client, "SCIA")
    client.force_login(indexed["membre@labo.test"])
    assert SCIA_THREAD in _titles(client, "SCIA")


def test_a_hidden_thread_leaves_the_search_and_comes_back_when_restored(indexed, client):
    thread = Thread.objects.get(title=SCIA_THREAD)
    moderator = indexed["moderation@labo.test"]
    moderation.thread_set_status(thread=thread, by=moderator, status=PostStatus.HIDDEN)
    client.force_login(indexed["membre@labo.test"])
    assert SCIA_THREAD not in _titles(client, "SCIA")
    moderation.thread_set_status(thread=thread, by=moderator, status=PostStatus.PUBLISHED)
    assert SCIA_THREAD in _titles(client, "SCIA")


def test_a_hidden_reply_takes_its_words_out_of_the_search(indexed, client):
    from forum import services

    thread = make_thread(indexed["membre@labo.test"], title="Question de voisinage")
    reply = services.reply_create(
        thread=thread,
        user=indexed["porteur.a@labo.test"],
        text="Appelez le 06 12 34 56 78, chez Zébulon.",
    )
    index_rebuild()
    assert "Question de voisinage" in _titles(client, "zebulon")
    moderation.reply_hide(reply=reply, by=indexed["moderation@labo.test"], reason="Coordonnées")
    assert "Question de voisinage" not in _titles(client, "zebulon")


def test_a_resource_made_members_only_then_public_again(indexed, client):
    page = Page.objects.get(slug="les-foncieres-solidaires-synthese")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert page.title not in _titles(client, "demembrement")
    restriction.delete()
    assert page.title in _titles(client, "demembrement")


def test_a_page_moved_under_a_private_section_leaves_visitors_search(indexed, client):
    home = Page.objects.get(depth=2)
    section = home.add_child(instance=StandardPage(title="Espace réservé", slug="espace-reserve"))
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    page = home.add_child(
        instance=StandardPage(
            title="Compte rendu du comité xylophone", slug="compte-rendu-xylophone"
        )
    )
    page.save_revision().publish()
    index_rebuild()
    assert page.title in _titles(client, "xylophone")
    page.move(section, pos="last-child")
    assert page.title not in _titles(client, "xylophone")


def test_a_deleted_thread_leaves_the_index(indexed):
    thread = make_thread(indexed["membre@labo.test"], title="Sujet éphémère")
    index_rebuild()
    key = {"content_type": ContentType.objects.get_for_model(Thread), "object_id": thread.pk}
    assert SearchDocument.objects.filter(**key).exists()
    thread.delete()
    assert not SearchDocument.objects.filter(**key).exists()


def _words(text: str) -> set[str]:
    return {word for word in re.split(r"[\W_]+", normalize(text)) if len(word) > 3}


def _misspelt(word: str) -> str:
    """Two letters swapped in the middle: what a hurried visitor types."""
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]


def test_no_hint_ever_offers_a_visitor_a_word_only_members_only_titles_hold(indexed, client):
    Category.objects.filter(slug="montage-juridique").update(members_only=True)
    index_rebuild()
    public = set()
    for title, text in SearchDocument.objects.filter(members_only=False).values_list(
        "title_normalized", "text_normalized"
    ):
        public |= _words(title) | _words(text)
    private_titles = SearchDocument.objects.filter(members_only=True).values_list(
        "title_normalized", flat=True
    )
    private_words = sorted(set().union(*map(_words, private_titles)) - public)
    assert len(private_words) >= 5, private_words  # the demo's members-only titles
    offered = []
    for word in private_words:
        for typed in (word, _misspelt(word)):
            hint = _hint(client, typed)
            if word in hint.split():
                offered.append((typed, hint))
    assert offered == []
    # A member, who may see those titles, is helped with them.
    client.force_login(indexed["membre@labo.test"])
    helped = [word for word in private_words if word in _hint(client, _misspelt(word)).split()]
    assert helped


def test_a_new_reply_is_indexed_by_the_task_after_commit_not_in_the_request(
    indexed, django_capture_on_commit_callbacks
):
    from forum import services

    thread = Thread.objects.get(title=SCIA_THREAD)
    key = {"content_type": ContentType.objects.get_for_model(Thread), "object_id": thread.pk}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reply_create(
            thread=thread, user=indexed["membre@labo.test"], text="Mot rhododendron."
        )
    assert "rhododendron" not in SearchDocument.objects.get(**key).text_normalized
    for callback in callbacks:
        callback()
    assert "rhododendron" in SearchDocument.objects.get(**key).text_normalized
