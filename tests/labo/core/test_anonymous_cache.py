"""The anonymous page cache (labo.caching.page_cache): visitors get stored pages, signed-in
people and private pages never do, any visible write drops them, and no CSP nonce is ever
served twice."""

import re
import time

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings
from wagtail.models import PageViewRestriction

from forum import moderation
from forum import services as forum_services
from forum.models import Category, PostStatus, Thread
from labo.caching import versions as page_cache
from labo.caching.page_cache import CACHE_HEADER
from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"
NONCE = re.compile(r'nonce="([^"]+)"')


def _page_state(response) -> str | None:
    return response.get(CACHE_HEADER)


def _public_thread() -> Thread:
    return (
        Thread.objects.filter(category__members_only=False, status=PostStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )


def test_a_visitor_gets_the_stored_page_with_a_fresh_nonce(demo, client):
    first = client.get("/projets/")
    second = client.get("/projets/")
    assert (_page_state(first), _page_state(second)) == ("miss", "hit")
    first_nonces = set(NONCE.findall(first.content.decode()))
    second_nonces = set(NONCE.findall(second.content.decode()))
    assert len(first_nonces) == 1 and len(second_nonces) == 1
    assert first_nonces != second_nonces
    (nonce,) = second_nonces
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert NONCE.sub("", first.content.decode()) == NONCE.sub("", second.content.decode())
    # The headers the inner middleware set are replayed.
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert second["Content-Type"] == first["Content-Type"]


def test_signed_in_people_neither_fill_nor_hit_it(demo, client, login):
    login("membre@labo.test")
    response = client.get("/forum/")
    assert _page_state(response) is None
    assert "Se déconnecter" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    # What they saw is not served to the next visitor…
    visitor = Client()
    served = visitor.get("/forum/")
    assert _page_state(served) == "miss"
    assert "Se déconnecter" not in served.content.decode()
    # …and what the visitor stored is not served to them.
    assert _page_state(visitor.get("/forum/")) == "hit"
    again = client.get("/forum/")
    assert _page_state(again) is None
    assert "Se déconnecter" in again.content.decode()


def test_members_only_categories_are_never_stored(demo, client, login):
    category = Category.objects.create(name="Entre nous", slug="entre-nous", members_only=True)
    thread = forum_services.thread_create(
        category=category,
        author=demo["membre@labo.test"],
        title="Sujet interne",
        body="Entre nous.",
    )
    login("membre@labo.test")
    for address in (f"/forum/{category.slug}/", thread.get_absolute_url()):
        assert client.get(address).status_code == 200
        visitor = Client()
        for _attempt in range(2):
            refused = visitor.get(address)
            assert refused.status_code != 200
            assert _page_state(refused) is None
            assert "Sujet interne" not in refused.content.decode()


def test_a_private_page_is_never_stored(demo):
    project = ProjectPage.objects.get(slug=SLUG)
    PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.PASSWORD, password="secret-du-labo"
    )
    visitor = Client()
    for _attempt in range(2):
        response = visitor.get(project.url)
        assert "Mot de passe requis" in response.content.decode()
        assert _page_state(response) is None
        assert "Écrire à l&#x27;équipe" not in response.content.decode()


def test_each_visitor_gets_their_own_csrf_token_on_a_stored_form(demo):
    """The contact form of a project page is in the stored page: its token is remade from each
    visitor's own CSRF cookie, and a visitor's message goes through."""
    project = ProjectPage.objects.get(slug=SLUG)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert _page_state(first.get(project.url)) == "miss"
    served = second.get(project.url)
    assert _page_state(served) == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', served.content.decode())[1]
    assert "csrftoken" in served.cookies
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    response = second.post(
        f"/projets/{SLUG}/contact/",
        {
            "csrfmiddlewaretoken": token,
            "name": "Alix Martin",
            "email": "alix@example.org",
            "message": "Bonjour, votre projet accueille-t-il encore des familles ?",
        },
    )
    assert response.status_code == 302
    # The confirmation travels in a cookie, which bypasses the stored page.
    confirmed = second.get(project.url)
    assert _page_state(confirmed) is None
    assert "Votre message est transmis à l&#x27;équipe du projet" in confirmed.content.decode()
    assert (
        "Votre message est transmis à l&#x27;équipe"
        not in Client().get(project.url).content.decode()
    )


def test_publishing_drops_the_stored_pages(demo):
    visitor = Client()
    project = ProjectPage.objects.get(slug=SLUG)
    visitor.get(project.url)
    assert _page_state(visitor.get("/projets/")) in ("miss", "hit")
    assert _page_state(visitor.get(project.url)) == "hit"
    project.title = "Les toits partagés, nouveau nom"
    project.save_revision().publish()
    for address in (project.url, "/projets/"):
        response = visitor.get(address)
        assert _page_state(response) == "miss"
        assert "Les toits partagés, nouveau nom" in response.content.decode()


def test_a_reply_and_its_moderation_reach_visitors_at_once(demo):
    visitor = Client()
    thread = _public_thread()
    address = thread.get_absolute_url()
    visitor.get(address)
    assert _page_state(visitor.get(address)) == "hit"
    author = demo["membre@labo.test"]
    reply = forum_services.reply_create(
        thread=thread, user=author, text="Une réponse fraîche sur la garantie d'emprunt."
    )
    assert "Une réponse fraîche" in visitor.get(address).content.decode()
    moderation.reply_hide(reply=reply, by=demo["equipe@labo.test"], reason="Vérification")
    response = visitor.get(address)
    assert _page_state(response) == "miss"
    assert "Une réponse fraîche" not in response.content.decode()


def test_a_page_stored_by_another_worker_is_served_from_redis(demo):
    visitor = Client()
    assert _page_state(visitor.get("/agenda/")) == "miss"
    caches[page_cache.PROCESS_ALIAS].clear()  # this process as another worker would be
    served = visitor.get("/agenda/")
    assert _page_state(served) == "hit"
    assert "Agenda" in served.content.decode()


def test_a_write_in_another_worker_reaches_visitors_within_a_tenth_of_a_second(demo):
    """Another process moves the content version in Redis (its signals never run here): the
    version this process trusts is a tenth of a second old at most, then the page is made
    again with the new content."""
    visitor = Client()
    project = ProjectPage.objects.get(slug=SLUG)
    visitor.get(project.url)
    assert _page_state(visitor.get(project.url)) == "hit"
    ProjectPage.objects.filter(pk=project.pk).update(title="Renommé dans un autre processus")
    cache.set(page_cache.CONTENT_VERSION_KEY, time.time_ns(), None)
    time.sleep(page_cache.RECENT_CONTENT_VERSION_SECONDS + 0.02)
    response = visitor.get(project.url)
    assert _page_state(response) == "miss"
    assert "Renommé dans un autre processus" in response.content.decode()


@override_settings(PAGE_CACHE_SECONDS=1)
def test_the_time_limit_holds_for_the_copies_in_each_process(demo):
    visitor = Client()
    assert _page_state(visitor.get("/forum/")) == "miss"
    assert _page_state(visitor.get("/forum/")) == "hit"
    time.sleep(1.05)
    assert _page_state(visitor.get("/forum/")) == "miss"


def test_reading_a_thread_as_a_member_keeps_the_visitors_cache(demo, client, login):
    """Read marks, sessions and sign-ins are writes nobody else sees: they keep the cache."""
    thread = _public_thread()
    address = thread.get_absolute_url()
    visitor = Client()
    visitor.get(address)
    login("membre@labo.test")
    client.get(address)
    assert _page_state(visitor.get(address)) == "hit"


def test_pages_that_set_a_cookie_are_not_stored(demo):
    visitor = Client()
    login_page = visitor.get("/compte/login/")
    assert login_page.cookies  # the CSRF token
    assert _page_state(login_page) is None
    assert _page_state(Client().get("/compte/login/")) is None


def test_each_site_and_each_htmx_fragment_has_its_own_entry(demo):
    visitor = Client()
    visitor.get("/agenda/")
    assert _page_state(visitor.get("/agenda/")) == "hit"
    assert _page_state(visitor.get("/agenda/", HTTP_HOST="autre.example")) == "miss"
    assert _page_state(visitor.get("/agenda/", HTTP_HX_REQUEST="true")) == "miss"
    assert _page_state(visitor.get("/agenda/?page=1")) == "miss"


def test_a_session_or_a_message_cookie_bypasses_it(demo):
    visitor = Client()
    visitor.get("/ressources/")
    visitor.cookies["messages"] = "anything"
    assert _page_state(visitor.get("/ressources/")) is None
    del visitor.cookies["messages"]
    visitor.cookies["sessionid"] = "not-a-session"
    assert _page_state(visitor.get("/ressources/")) is None


@override_settings(PAGE_CACHE_SECONDS=0)
def test_it_can_be_turned_off(demo):
    visitor = Client()
    visitor.get("/")
    assert _page_state(visitor.get("/")) is None


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/projets/",
        "/projets/?departement=31",
        f"/projets/{SLUG}/",
        "/ressources/?theme=montage-juridique",
        "/agenda/",
        "/forum/",
        "/recherche/?q=habitat",
        "/recherche/?q=garantie&type=forum",
    ],
)
def test_reading_a_public_page_writes_nothing_that_empties_the_cache(demo, address):
    """A page whose display writes a visible row (a search hit counter did) would never be
    served from the cache."""
    visitor = Client()
    assert visitor.get(address).status_code == 200
    assert _page_state(visitor.get(address)) == "hit"
