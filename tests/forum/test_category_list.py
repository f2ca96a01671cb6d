"""A category's list of threads: the pinned ones first, then the latest activity; 25 a page
with the total of the category; its own threads only, the same rows for a visitor and a member
(who also sees what is new to them)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forum.models import Category, Thread
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db

TITLE = re.compile(r'<h2 class="thread-row__title"><a href="[^"]+">([^<]+)</a></h2>')


def _titles(client, address, **query) -> list[str]:
    response = client.get(address, query)
    assert response.status_code == 200
    return TITLE.findall(response.content.decode())


def test_pinned_first_then_latest_activity_25_a_page_and_no_other_category(demo, login, settings):
    author = demo["membre@labo.test"]
    category = Category.objects.get(slug="foncier")
    Thread.objects.filter(category=category).delete()
    now = timezone.now()
    threads = [
        make_thread(author, title=f"Sujet foncier {n:02}", category_slug="foncier")
        for n in range(30)
    ]
    for n, thread in enumerate(threads):
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now - timedelta(hours=n))
    Thread.objects.filter(pk=threads[20].pk).update(pinned=True)
    elsewhere = make_thread(author, title="Sujet d'une autre catégorie")

    expected = ["Sujet foncier 20"] + [f"Sujet foncier {n:02}" for n in range(30) if n != 20]
    for client in (Client(), login("porteur.a@labo.test")):
        first = _titles(client, "/forum/foncier/")
        second = _titles(client, "/forum/foncier/", page=2)
        assert first + second == expected
        assert len(first) == settings.FORUM_THREADS_PER_PAGE
        assert elsewhere.title not in first + second
    page = Client().get("/forum/foncier/", {"page": 2}).content.decode()
    current = '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>'
    assert current in page and 'rel="next"' not in page and "page=3" not in page
