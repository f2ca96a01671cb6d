"""The newest-first lists read their order from an index (labo.core's migration 0004: the page
type, then the publication date, then the page table's id) instead of sorting: ties are broken
by the page table's id, not by the child table's key (the same number, but PostgreSQL cannot
know it and sorted every tie: « Ressources proches » read and sorted 1,717 resources at
national scale, where bench copies share their dates)."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from resources.models import ResourcePage
from tests.caches import NO_CACHES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
]

NEWEST_FIRST = re.compile(r'ORDER BY "wagtailcore_page"\."(first|last)_published_at" DESC')


def _plan(sql: str, params=()) -> str:
    """The plan PostgreSQL would choose if sorting and reading whole tables cost the most: on
    the demo's few rows it would rather sort, so the question is whether it can avoid it."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params or None)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_sort")
        cursor.execute("RESET enable_seqscan")
    return plan


@override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0)
def test_newest_first_lists_read_their_order_from_an_index(demo, client):
    resource = ResourcePage.objects.live().first()
    with CaptureQueriesContext(connection) as captured:
        for url in ["/", "/ressources/", "/projets/", resource.url]:
            assert client.get(url).status_code == 200
    newest_first = [query["sql"] for query in captured if NEWEST_FIRST.search(query["sql"])]
    # The home page's projects and resources, the library, the directory, « Ressources
    # proches ».
    assert len(newest_first) >= 5
    for sql in newest_first:
        # The list's own plan, not its subqueries' (a project's first picture among its few).
        plan = _plan(sql).split("SubPlan")[0]
        assert "labo_page_type_" in plan and "Sort" not in plan, plan


def test_the_child_tables_key_as_tie_breaker_would_sort(demo):
    """What the test above guards against."""
    sql, params = (
        ResourcePage.objects.live()
        .order_by("-first_published_at", "pk")[:3]
        .query.sql_with_params()
    )
    assert "Sort" in _plan(sql, params).split("SubPlan")[0]
