"""Tags lead somewhere: each is a link to its page, which lists the threads with it in every
category the reader may open (never a members-only one to a visitor), and a category's list
filters by tag."""

import pytest
from django.test import Client

from forum.models import Category, Thread
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db


def _tagged(author, title, category_slug, tag="fonds-propres"):
    thread = make_thread(author, title=title, category_slug=category_slug)
    thread.tags.add(tag)
    return thread


def test_a_tag_page_lists_its_threads_across_categories_and_hides_private_ones(demo, login):
    membre = demo["membre@labo.test"]
    public = Category.objects.filter(members_only=False).order_by("pk")
    private = Category.objects.filter(members_only=True).first()
    first = _tagged(membre, "Apport en fonds propres", public[0].slug)
    second = _tagged(membre, "Fonds propres et prêts", public[1].slug)
    hidden = _tagged(membre, "Fonds propres entre membres", private.slug) if private else None
    html = Client().get("/forum/etiquettes/fonds-propres/").content.decode()
    assert first.title in html and second.title in html
    assert public[0].name in html and public[1].name in html
    if hidden:
        assert hidden.title not in html
        assert (
            hidden.title
            in login("membre@labo.test").get("/forum/etiquettes/fonds-propres/").content.decode()
        )
    assert Client().get("/forum/etiquettes/aucune-etiquette/").status_code == 404
    if private:
        _tagged(membre, "Réservé aux membres", private.slug, tag="entre-membres")
        # A tag only members-only threads carry: nothing to a visitor, not even its name.
        assert Client().get("/forum/etiquettes/entre-membres/").status_code == 404
        member_page = login("membre@labo.test").get("/forum/etiquettes/entre-membres/")
        assert member_page.status_code == 200


def test_tags_are_links_on_threads_and_lists(demo):
    thread = _tagged(demo["membre@labo.test"], "Apport en fonds propres", "montage-juridique")
    for address in (thread.get_absolute_url(), thread.category.get_absolute_url()):
        html = Client().get(address).content.decode()
        assert 'href="/forum/etiquettes/fonds-propres/"' in html, address


def test_a_category_filters_by_tag_and_ignores_anything_else(demo):
    membre = demo["membre@labo.test"]
    tagged = _tagged(membre, "Apport en fonds propres", "montage-juridique")
    other = make_thread(membre, title="Une autre question de statuts")
    address = tagged.category.get_absolute_url()
    html = Client().get(address, {"etiquette": "fonds-propres"}).content.decode()
    assert tagged.title in html and other.title not in html
    assert "fonds-propres" in html and "Tous les sujets" in html
    # The unfiltered list is not served from the filtered one's kept copy, nor the reverse.
    assert other.title in Client().get(address).content.decode()
    for hostile in ("<script>", "../admin", "x" * 300):
        response = Client().get(address, {"etiquette": hostile})
        assert response.status_code == 200 and other.title in response.content.decode()
    assert Thread.objects.filter(tags__slug="fonds-propres").count() == 1


def test_the_demo_member_sees_as_new_only_what_she_has_not_read(demo):
    """Her own threads and what she answered are read up to her last post; the demo's forum
    reader has read everything up to a month ago."""
    from django.utils import timezone

    from labo.core.menu import counts_for

    membre = demo["membre@labo.test"]
    month_ago = timezone.now() - timezone.timedelta(days=30)
    recent = Thread.objects.filter(last_activity_at__gt=month_ago).count()
    assert 0 < counts_for(membre)["forum"] <= recent < Thread.objects.count()
    html = Client().get("/").content.decode()  # a visitor has nothing new
    assert "thread-row--unread" not in html
