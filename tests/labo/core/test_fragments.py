"""The cache of rendered fragments (labo.caching.fragments, `{% fragment %}`): what it encloses is
rendered once per content version, site and audience; a visible write drops it; no audience,
no person and no draft ever gets another's fragment; no one gets another's CSRF token.

The anonymous page cache is off here, so that each request renders its page."""

import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from events.models import EventPage
from events.services import registration_create
from forum.models import Category, PostStatus, Thread
from labo.caching.fragments import FRAGMENTS, fragment_key
from labo.permissions import audience_of
from projects.models import ProjectPage
from resources.models import ResourcePage
from search.indexing import document_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

PROJECT = "les-toits-partages-du-lauragais"
MEMBERS_ONLY_TITLE = "Modèle de statuts de coopérative"


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def _library_count(html: str) -> int:
    return int(re.search(r'id="results-title">(\d+) ressources?', html).group(1))


def test_a_fragment_is_rendered_once_and_dropped_by_a_visible_write(demo, client):
    project = ProjectPage.objects.get(slug=PROJECT)
    assert "Le Lauragais" not in client.get(project.url).content.decode()
    # Written without a signal: the stored body is served (what proves it is stored)…
    ProjectPage.objects.filter(pk=project.pk).update(summary="Écrit en douce")
    ProjectPage.objects.filter(pk=project.pk).update(description="<p>Le Lauragais en douce</p>")
    assert "Le Lauragais en douce" not in client.get(project.url).content.decode()
    # …until any visible write moves the content version on.
    project.refresh_from_db()
    project.description = "<p>Le Lauragais, enfin</p>"
    project.save_revision().publish()
    assert "Le Lauragais, enfin" in client.get(project.url).content.decode()


def test_each_audience_has_its_own_library(demo, client):
    member = Client()
    member.force_login(demo["membre@labo.test"])
    # A member fills the cache first: the visitor after them must not see members-only items…
    assert _library_count(member.get("/ressources/").content.decode()) == 40
    assert MEMBERS_ONLY_TITLE in member.get("/ressources/?q=agrement").content.decode()
    assert _library_count(client.get("/ressources/").content.decode()) == 35
    assert MEMBERS_ONLY_TITLE not in client.get("/ressources/?q=agrement").content.decode()
    # …and the member still gets theirs once the visitor's is stored.
    assert _library_count(member.get("/ressources/").content.decode()) == 40
    assert audience_of(demo["membre@labo.test"]) == "member"
    assert audience_of(demo["equipe@labo.test"]) == "staff"


def test_a_members_registration_shows_on_their_agenda_only(demo, client):
    event = (
        EventPage.objects.live()
        .filter(starts_at__gt=timezone.now(), registration_enabled=True, cancelled=False)
        .order_by("starts_at")
        .first()
    )
    registrant, other = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    registration_create(event=event, user=registrant)
    index_url = event.get_parent().url
    first, second = Client(), Client()
    first.force_login(registrant)
    second.force_login(other)
    registered = re.compile(r"Vous êtes (inscrit·e|en liste d'attente)")

    def card(person):  # the event's own card on the agenda this person gets
        html = person.get(index_url).content.decode()
        start = html.index(f'href="{event.url}"')
        return html[start : html.index("</li>", start)]

    assert registered.search(card(first))
    assert not registered.search(card(second))
    assert not registered.search(card(client))


def test_read_marks_are_never_shared(demo, client):
    category = Category.objects.filter(members_only=False).order_by("pk").first()
    url = f"/forum/{category.slug}/"
    assert "thread-row--unread" not in client.get(url).content.decode()  # stored for visitors
    member = Client()
    member.force_login(demo["porteur.a@labo.test"])
    assert "thread-row--unread" in member.get(url).content.decode()
    assert "thread-row--unread" not in client.get(url).content.decode()


def test_a_members_held_reply_is_never_shown_to_another(demo, client):
    from forum import services as forum_services

    thread = (
        Thread.objects.filter(category__members_only=False, status=PostStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    author = demo["membre@labo.test"]
    reply = forum_services.reply_create(thread=thread, user=author, text="Ma réponse à relire")
    type(reply).objects.filter(pk=reply.pk).update(status=PostStatus.PENDING)
    mine = Client()
    mine.force_login(author)
    assert "Ma réponse à relire" in mine.get(thread.get_absolute_url()).content.decode()
    other = Client()
    other.force_login(demo["porteur.a@labo.test"])
    assert "Ma réponse à relire" not in other.get(thread.get_absolute_url()).content.decode()


def test_a_page_of_replies_is_shared_only_by_members_with_nothing_of_their_own(
    demo, client, settings
):
    from forum import services as forum_services
    from tests.forum.factories import make_thread
    from tests.labo.factories import UserFactory

    settings.FORUM_REPLIES_PER_PAGE = 3
    author, writer = demo["porteur.a@labo.test"], UserFactory()
    holder, bystander = demo["membre@labo.test"], demo["porteur.b@labo.test"]
    thread = make_thread(author, title="Un fil à trois réponses par page")
    for text in ("Première réponse", "Deuxième réponse", "Troisième réponse"):
        forum_services.reply_create(thread=thread, user=writer, text=text)
    held = forum_services.reply_create(thread=thread, user=holder, text="Ma réponse retenue")
    type(held).objects.filter(pk=held.pk).update(status=PostStatus.PENDING)
    url = thread.get_absolute_url()

    def page(user, path=url) -> str:
        browser = Client()
        if user is not None:
            browser.force_login(user)
        return browser.get(path).content.decode()

    shared = page(bystander)  # stored for the members' tier
    assert "Signaler" in shared and "Citer" in shared
    assert "Supprimer" not in shared and "Marquer comme solution" not in shared
    assert "?page=2" not in shared
    # The member whose held reply is on page 2 has one reply more: their own pages.
    assert "?page=2" in page(holder)
    assert "Ma réponse retenue" in page(holder, url + "?page=2")
    # The thread's author may mark a solution; the writer may edit their replies.
    assert "Marquer comme solution" in page(author)
    writers_page = page(writer)
    assert "Supprimer" in writers_page and "Modifier" in writers_page
    # And none of it reached the members who have nothing there, nor the visitors.
    again = page(bystander)
    assert "Supprimer" not in again and "Marquer comme solution" not in again
    visitor = page(None)
    assert "Signaler" not in visitor and "Citer" not in visitor
    assert "Ma réponse retenue" not in page(bystander, url + "?page=2")


def test_a_page_of_replies_with_ones_own_is_kept_for_oneself_with_working_forms(demo):
    """The thread's author gets their copy of the page kept (solution buttons and all), with a
    CSRF token of their own session in each form; moderators get theirs rendered afresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum import moderation as forum_moderation
    from forum import services as forum_services
    from tests.forum.factories import make_thread
    from tests.labo.factories import UserFactory

    author, writer = demo["porteur.a@labo.test"], UserFactory()
    thread = make_thread(author, title="Un fil pour garder sa page")
    reply = forum_services.reply_create(thread=thread, user=writer, text="Une réponse utile")
    url = thread.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(author)
    first.get(url)
    with CaptureQueriesContext(connection) as captured:
        html = second.get(url).content.decode()  # another session of the author: kept
    assert not [q for q in captured if '"comment"' in q["sql"]]  # no reply was read in full
    form = html.split(f'action="/forum/sujet/{thread.pk}/solution/"')[1].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', form).group(1)
    response = second.post(
        f"/forum/sujet/{thread.pk}/solution/", {"reply": reply.pk, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.solution_id == reply.pk
    # A flag is counted without a signal: the moderator's page follows it all the same.
    moderator = Client()
    moderator.force_login(demo["moderation@labo.test"])
    assert "Classer les signalements" not in moderator.get(url).content.decode()
    forum_moderation.flag_create(user=demo["membre@labo.test"], reason="publicite", reply=reply)
    assert "Classer les signalements" in moderator.get(url).content.decode()


def test_a_draft_preview_is_neither_served_nor_stored(demo, client):
    project = ProjectPage.objects.get(slug=PROJECT)
    owner = next(m.user for m in project.memberships.all() if m.user.email.endswith("@labo.test"))
    client.get(project.url)  # the published body is stored
    draft = project.get_latest_revision_as_object()
    draft.description = "<p>Une version pas encore validée</p>"
    draft.save_revision()
    team = Client()
    team.force_login(owner)
    preview = team.get(f"/projets/{PROJECT}/apercu/")
    assert preview.status_code == 200
    assert "Une version pas encore validée" in preview.content.decode()
    assert "Une version pas encore validée" not in client.get(project.url).content.decode()


def _form_request():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


# The thread's replies hold forms (reactions, flags); rendered here outside a thread page, so
# every variable of their key is missing (the tag puts "" in its place).
NO_KEY = [""] * len(FRAGMENTS["forum-replies"].key)


def _render_with_csrf(template, request, **values):
    from django.template.context_processors import csrf

    return template.render(Context({"request": request, **values, **csrf(request)}))


def _token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html).group(1)


def test_a_fragment_holding_a_form_is_stored_without_its_csrf_token(demo):
    """Each request gets its own token in the stored form, as `{% csrf_token %}` gives it."""
    from django.middleware.csrf import _unmask_cipher_token

    template = Template(
        '{% load labo_tags %}{% fragment "forum-replies" %}'
        '<form method="post">{% csrf_token %}<button>Envoyer</button></form>{% endfragment %}'
    )
    first, second = _form_request(), _form_request()
    first_html = _render_with_csrf(template, first)
    stored = cache.get(fragment_key(first, FRAGMENTS["forum-replies"], NO_KEY))
    assert stored is not None and "labo-csrf-token-of-this-request" in stored
    assert _token_in(first_html) not in stored
    second_html = _render_with_csrf(template, second)
    token = _token_in(second_html)
    assert token != _token_in(first_html)
    # The token of this request's secret, which the CSRF cookie of the response will carry.
    assert _unmask_cipher_token(token) == second.META["CSRF_COOKIE"]
    assert second.META["CSRF_COOKIE"] != first.META["CSRF_COOKIE"]
    assert second.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_written_text_holding_the_placeholder_never_receives_a_token(demo):
    """Someone writes the placeholder's words in a link: the next visitor's token must not be
    put there (it would leave with the link); only a form's hidden field gets it."""
    template = Template(
        '{% load labo_tags %}{% fragment "forum-replies" %}<a href="https://ailleurs.example/?t='
        '{{ text }}">lien</a><form method="post">{% csrf_token %}</form>{% endfragment %}'
    )
    text = "labo-csrf-token-of-this-request"
    _render_with_csrf(template, _form_request(), text=text)  # stored…
    html = _render_with_csrf(template, _form_request(), text=text)  # …and served
    assert 'href="https://ailleurs.example/?t=labo-csrf-token-of-this-request"' in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', html)


def test_a_fragment_holding_a_token_outside_a_form_field_is_not_stored(demo):
    request = _form_request()
    template = Template(
        '{% load labo_tags %}{% fragment "forum-replies" %}'
        '<div data-token="{{ csrf_token }}"></div>{% endfragment %}'
    )
    html = _render_with_csrf(template, request)
    assert re.search(r'data-token="[A-Za-z0-9]{64}"', html)
    assert cache.get(fragment_key(request, FRAGMENTS["forum-replies"], NO_KEY)) is None
    plain = Template('{% load labo_tags %}{% fragment "forum-replies" %}Bonjour{% endfragment %}')
    assert plain.render(Context({"request": request})) == "Bonjour"
    assert cache.get(fragment_key(request, FRAGMENTS["forum-replies"], NO_KEY)) == "Bonjour"


def test_search_results_follow_the_audience_and_new_content(demo, client):
    member = Client()
    member.force_login(demo["membre@labo.test"])
    assert MEMBERS_ONLY_TITLE in member.get("/recherche/?q=statuts").content.decode()
    assert MEMBERS_ONLY_TITLE not in client.get("/recherche/?q=statuts").content.decode()
    resource = ResourcePage.objects.live().public().order_by("pk").first()
    resource.title = "Statuts et gouvernance partagée"
    resource.save_revision().publish()
    document_update(resource)  # the publication's task, run on commit in production
    assert "Statuts et gouvernance partagée" in client.get("/recherche/?q=statuts").content.decode()


def test_a_write_in_a_request_is_seen_by_the_rest_of_that_request(demo):
    """The versions are read once per request (RequestScopeMiddleware), except after a write:
    a request that saves and then renders must not render from the old version's fragments."""
    from labo.caching.versions import RequestScopeMiddleware, content_changed, content_version

    seen = []

    def view(request):
        seen.append(content_version())
        seen.append(content_version())  # read once: the same, from the request's scope
        content_changed()
        seen.append(content_version())
        return None

    RequestScopeMiddleware(view)(RequestFactory().get("/"))
    assert seen[0] == seen[1] != seen[2]


def test_pagination_shows_a_window_of_pages_not_every_page(demo, client):
    from django.core.paginator import Paginator

    from labo.core.templatetags.labo_tags import page_window

    page = Paginator(range(30_000), 10).page(1500)
    assert list(page_window(page)) == [1498, 1499, 1500, 1501, 1502]
    assert list(page_window(Paginator(range(30), 10).page(1))) == [1, 2, 3]
    html = client.get("/ressources/?page=2").content.decode()
    numbers = re.findall(r'page=(\d+)"><span class="visually-hidden">', html)
    assert numbers and len(numbers) <= 4  # around page 2: 1, 3, 4 (and no more than 5 shown)


def test_the_reply_form_gets_a_new_one_time_token_each_time(demo, client):
    thread = Thread.objects.filter(status=PostStatus.PUBLISHED, locked=False).first()
    client.force_login(demo["membre@labo.test"])

    def token() -> str:
        html = client.get(thread.get_absolute_url()).content.decode()
        return re.search(r'name="token" value="([0-9a-f-]{36})"', html).group(1)

    tokens = {token() for _ in range(3)}
    assert len(tokens) == 3
    # Posting with the last one shown works, once.
    last = tokens.pop()
    for _ in range(2):
        client.post(
            f"/forum/sujet/{thread.pk}/repondre/",
            {"text": "Une réponse envoyée deux fois", "token": last, "website": ""},
        )
    assert thread_replies_with(thread, "Une réponse envoyée deux fois") == 1


def thread_replies_with(thread, text: str) -> int:
    from forum.models import Reply

    return Reply.objects.filter(object_pk=str(thread.pk), comment=text).count()


def test_an_upgrade_drops_everything_kept_under_the_old_templates(demo, client):
    """Every upgrade runs `migrate`: every version moves on, so no fragment or value kept by
    the previous code is served by the new one."""
    from django.core.management import call_command

    from labo.access import access_version
    from labo.caching.versions import APPLICATIONS, content_version, layout_version

    project = ProjectPage.objects.get(slug=PROJECT)
    client.get(project.url)  # the body is kept…
    ProjectPage.objects.filter(pk=project.pk).update(description="<p>Après la mise à jour</p>")
    versions = (content_version(), layout_version(), access_version(), APPLICATIONS.read())
    call_command("migrate", verbosity=0)
    moved = (content_version(), layout_version(), access_version(), APPLICATIONS.read())
    assert all(before != after for before, after in zip(versions, moved, strict=True))
    assert "Après la mise à jour" in client.get(project.url).content.decode()  # …no longer
