"""Counters bumped by page views (labo.core.counters): added up in Redis, written by
`manage.py flush_counters`, never lost nor counted twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from forum.models import PostStatus, Thread

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"


@override_settings(PAGE_CACHE_SECONDS=0)  # a visitor's page from the cache counts no view
def test_thread_views_are_written_by_the_periodic_job(demo, client):
    thread = (
        Thread.objects.filter(category__members_only=False, status=PostStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    before = thread.view_count
    for _ in range(3):
        assert client.get(thread.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    client.get(thread.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")  # robots do not count
    thread.refresh_from_db()
    assert thread.view_count == before  # nothing written by the views themselves
    out = StringIO()
    call_command("flush_counters", stdout=out)
    thread.refresh_from_db()
    assert thread.view_count == before + 3
    assert "3 vues de sujets" in out.getvalue()
    call_command("flush_counters", stdout=StringIO())  # taken once: never counted twice
    thread.refresh_from_db()
    assert thread.view_count == before + 3
