"""Templates read only what exists. A variable that names a missing attribute renders as
nothing, but Django finds that out the slow way: an exception, then `dir()` of the whole
object to tell a missing attribute from a broken property. On a model instance that costs
tens of microseconds, and a list of 25 forum rows paid it 50 times (2 ms of a 29 ms page with
every cache empty). The pages people use most must not pay it, whoever looks at them."""

import pytest
from django.conf import settings
from django.template.base import BaseContext, Variable, VariableDoesNotExist

from events.models import EventPage
from forum.models import Category, Thread
from projects.models import Application, ProjectPage
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db


def _ours(context) -> bool:
    """Whether the template being rendered is the platform's (not a library's, such as
    Wagtail's user bar)."""
    template = getattr(context.render_context, "template", None) or context.template
    name = getattr(getattr(template, "origin", None), "name", "") or ""
    return str(settings.BASE_DIR) in name and "site-packages" not in name


@pytest.fixture
def failed_lookups(monkeypatch):
    """Every lookup one of the platform's templates makes on an object (not on its context)
    that fails."""
    failures = []
    resolve = Variable._resolve_lookup

    def recording(self, context):
        try:
            return resolve(self, context)
        except VariableDoesNotExist as missing:
            bit, current = missing.params
            if not isinstance(current, BaseContext) and _ours(context):
                failures.append(f"{self.var} ({type(current).__name__} has no {bit!r})")
            raise

    monkeypatch.setattr(Variable, "_resolve_lookup", recording)
    return failures


def _public_pages():
    thread = Thread.objects.filter(category__members_only=False, reply_count__gt=0).first()
    return [
        "/",
        "/projets/",
        "/projets/?departement=31",
        ProjectPage.objects.live().first().url,
        "/ressources/?theme=montage-juridique",
        ResourcePage.objects.live().first().url,
        "/agenda/",
        EventPage.objects.live().first().url,
        "/forum/",
        Category.objects.filter(members_only=False).first().get_absolute_url(),
        thread.get_absolute_url(),
        "/recherche/?q=habitat",
        "/recherche/?q=garantie&type=forum",
    ]


@pytest.mark.parametrize("who", [None, "membre@labo.test", "equipe@labo.test"])
def test_the_most_used_pages_read_no_missing_attribute(demo, client, failed_lookups, who):
    urls = _public_pages()
    if who is not None:
        client.force_login(demo[who])
        urls += ["/espace/", "/compte/notifications/"]
    if who == "equipe@labo.test":
        urls += ["/candidatures/", f"/candidatures/{Application.objects.first().pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert sorted(set(failed_lookups)) == []


def test_the_probe_sees_a_missing_attribute(failed_lookups):
    """The test above cannot pass by not looking: a menu item without its count of unread
    threads (as they were before every item carried one) is seen."""
    from django.template.loader import get_template

    get_template("components/main_navigation.html").render(
        {"items": [{"label": "Forum", "url": "/forum/", "current": False}]}
    )
    assert failed_lookups == ["item.unread (dict has no 'unread')"]
