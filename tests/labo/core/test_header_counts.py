"""The header's counts (the bell's unread notifications, the forum's threads with something
new) are read together: with nothing kept, a signed-in page asks the database once for all of
them, and each count is what counting its rows directly gives."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import ThreadRead
from forum.permissions import threads_visible_to
from forum.selectors import _unread_filter, _with_read_state
from labo.core.menu import counts_for
from labo.notifications.models import Notification
from labo.notifications.services import notification_send
from tests.caches import NO_CACHES
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db


def _header_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured
        if "notifications_notification" in query["sql"] or "forum_threadread" in query["sql"]
    ]


def _bell_and_forum(html: str) -> tuple[str, str]:
    bell = re.search(r'badge--count">(\d+)<span class="visually-hidden"> non lues', html)
    forum = re.search(r'badge--count">(\d+)<span class="visually-hidden"> sujets avec', html)
    return (bell[1] if bell else ""), (forum[1] if forum else "")


@override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0)
def test_with_nothing_kept_a_signed_in_page_counts_its_header_in_one_query(demo, client):
    reader, writer = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    make_thread(writer, title="Une question toute neuve", category_slug="foncier")
    notification_send(
        recipients=[reader],
        kind="forum.reply",
        title="Nouvelle réponse",
        body="Camille Roux a répondu.",
        url="/forum/",
    )
    client.force_login(reader)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/agenda/").content.decode()
    assert len(_header_queries(captured)) == 1
    assert _bell_and_forum(html) == (
        str(Notification.objects.filter(recipient=reader, read_at__isnull=True).count()),
        str(
            _with_read_state(threads_visible_to(reader), reader)
            .filter(_unread_filter(reader))
            .count()
        ),
    )
    assert int(_bell_and_forum(html)[0]) > 0 and int(_bell_and_forum(html)[1]) > 0


def test_kept_counts_are_not_asked_again_and_visitors_cost_nothing(demo, client):
    reader = demo["membre@labo.test"]
    client.force_login(reader)
    client.get("/agenda/")  # counts and keeps them
    with CaptureQueriesContext(connection) as captured:
        client.get("/agenda/")
    assert _header_queries(captured) == []
    from django.contrib.auth.models import AnonymousUser

    with CaptureQueriesContext(connection) as captured:
        assert set(counts_for(AnonymousUser()).values()) == {0}
    assert len(captured) == 0


@override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0)
def test_two_people_one_after_the_other_each_get_their_own_counts(demo, client):
    """The header's query is compiled once and sent with each person's id (labo.prepared):
    the second person must get neither the first one's notifications nor their join date."""
    early, late = demo["membre@labo.test"], demo["porteur.b@labo.test"]
    make_thread(demo["porteur.a@labo.test"], title="Une question toute neuve")
    for _ in range(2):
        notification_send(
            recipients=[early], kind="forum.reply", title="Réponse", body="…", url="/forum/"
        )
    Notification.objects.filter(recipient=late).update(read_at=timezone.now())
    ThreadRead.objects.filter(user=late).delete()  # nothing read before, nothing new since
    type(late).objects.filter(pk=late.pk).update(date_joined=timezone.now() + timedelta(days=1))
    late.refresh_from_db()

    expected = {}
    for person in (early, late):
        expected[person.pk] = (
            Notification.objects.filter(recipient=person, read_at__isnull=True).count(),
            _with_read_state(threads_visible_to(person), person)
            .filter(_unread_filter(person))
            .count(),
        )
    assert expected[early.pk][0] >= 2 and expected[early.pk][1] > 0
    assert expected[late.pk] == (0, 0)
    for person in (early, late, early):
        client.force_login(person)
        assert counts_for(person) == {
            "notifications": expected[person.pk][0],
            "forum": expected[person.pk][1],
        }
