"""Prepared queries (labo.prepared): the SQL is built once per argument set, the rows are
read every time; a builder that depends on anything but its arguments is caught."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from labo import prepared
from labo.prepared import (
    PreparedQuery,
    PreparedQueryChanged,
    PreparedSlices,
    forget_prepared_queries,
)

pytestmark = pytest.mark.django_db


def _groups_named(prefix: str):
    return Group.objects.filter(name__startswith=prefix).order_by("name")


def _group_names(prefix: str):
    return _groups_named(prefix).values_list("name", flat=True)


def _groups_with_permissions(prefix: str):
    return _groups_named(prefix).prefetch_related("permissions")


def _nothing():
    return Group.objects.filter(pk__in=[])


GROUPS = PreparedQuery(_groups_named)
NAMES = PreparedQuery(_group_names)
WITH_PERMISSIONS = PreparedQuery(_groups_with_permissions)
NOTHING = PreparedQuery(_nothing)


@pytest.fixture
def groups():
    return [Group.objects.create(name=f"prepared-{letter}") for letter in "cab"]


class CompileCounter:
    """Counts Django's compilations of a SELECT (the outermost as_sql), around a block."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = SQLCompiler.as_sql

        def counted(compiler, *args, **kwargs):
            self.count += 1
            return original(compiler, *args, **kwargs)

        monkeypatch.setattr(SQLCompiler, "as_sql", counted)


@override_settings(PREPARED_QUERIES_CHECK=False)
def test_the_sql_is_compiled_once_and_the_rows_read_each_time(groups, monkeypatch):
    counter = CompileCounter(monkeypatch)
    first = GROUPS.rows(prefix="prepared-")
    assert [group.name for group in first] == ["prepared-a", "prepared-b", "prepared-c"]
    assert counter.count == 1

    Group.objects.create(name="prepared-d")
    Group.objects.filter(name="prepared-a").update(name="prepared-e")
    with CaptureQueriesContext(connection) as queries:
        again = GROUPS.rows(prefix="prepared-")
    # No compilation, one query: what is kept is the query, never the data.
    assert counter.count == 1 and len(queries) == 1
    assert [group.name for group in again] == [
        "prepared-b",
        "prepared-c",
        "prepared-d",
        "prepared-e",
    ]
    assert all(isinstance(group, Group) and group.pk for group in again)
    assert again[0] is not first[1]  # new objects each time


def test_rows_equal_the_querysets_own(groups):
    for _call in range(2):  # built, then kept
        assert GROUPS.rows(prefix="prepared-") == list(_groups_named("prepared-"))
        assert NAMES.rows(prefix="prepared-") == list(_group_names("prepared-"))
        assert GROUPS.first(prefix="prepared-b") == _groups_named("prepared-b").first()
        assert GROUPS.first(prefix="nobody-") is None
        assert GROUPS.rows(prefix="prepared-c") != GROUPS.rows(prefix="prepared-a")


def test_related_rows_are_prefetched_on_every_call(groups):
    for _call in range(2):
        found = WITH_PERMISSIONS.rows(prefix="prepared-")
        with CaptureQueriesContext(connection) as queries:
            assert [list(group.permissions.all()) for group in found] == [[], [], []]
        assert len(queries) == 0


def test_a_query_that_matches_nothing_asks_nothing():
    for _call in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert NOTHING.rows() == []
        assert len(queries) == 0


def _group_of_the_moment(prefix: str):
    # Reads something besides its arguments: the check must catch it.
    return Group.objects.filter(name__startswith=prefix, pk__gt=_state["pk"])


_state = {"pk": 0}
MOMENT = PreparedQuery(_group_of_the_moment)


def test_a_builder_that_reads_more_than_its_arguments_fails_the_check(groups):
    _state["pk"] = 0
    MOMENT.rows(prefix="prepared-")
    _state["pk"] = groups[0].pk
    with pytest.raises(PreparedQueryChanged, match="another query for the same arguments"):
        MOMENT.rows(prefix="prepared-")


def test_a_builder_must_be_a_function_of_its_arguments_alone():
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda: Group.objects.all())
    prefix = "prepared-"

    def closing_over():
        return Group.objects.filter(name__startswith=prefix)

    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(closing_over)


def test_an_iterator_of_chunks_is_refused():
    def _raw_rows():
        return Group.objects.raw("SELECT * FROM auth_group")

    with pytest.raises((ImproperlyConfigured, AttributeError)):
        PreparedQuery(_raw_rows).rows()


@override_settings(PREPARED_QUERIES_CHECK=False)
def test_the_least_recently_used_argument_sets_are_dropped(groups, monkeypatch):
    few = PreparedQuery(_groups_named, kept=2)
    counter = CompileCounter(monkeypatch)
    few.rows(prefix="prepared-a")
    few.rows(prefix="prepared-b")
    few.rows(prefix="prepared-a")  # kept, and now the most recent
    few.rows(prefix="prepared-c")  # drops prepared-b
    assert counter.count == 3
    few.rows(prefix="prepared-a")
    assert counter.count == 3
    few.rows(prefix="prepared-b")
    assert counter.count == 4
    assert len(few._kept()) == 2


@override_settings(PREPARED_QUERIES_CHECK=False)
def test_a_migration_drops_every_kept_query(groups, monkeypatch):
    GROUPS.rows(prefix="prepared-")
    counter = CompileCounter(monkeypatch)
    generation = prepared._generation
    forget_prepared_queries()
    assert prepared._generation == generation + 1
    GROUPS.rows(prefix="prepared-")
    assert counter.count == 1


def _group_page(prefix: str, start: int, stop: int):
    return _groups_named(prefix)[start:stop]


GROUP_PAGE = PreparedQuery(_group_page)


def test_a_paginator_reads_each_page_when_it_is_used(groups):
    from django.core.paginator import Paginator

    rows = PreparedSlices(GROUP_PAGE, 3, prefix="prepared-")
    for _call in range(2):
        with CaptureQueriesContext(connection) as queries:
            page = Paginator(rows, 2).get_page(2)
        assert len(queries) == 0  # not read yet: a kept fragment may never need it
        assert [group.name for group in page] == ["prepared-c"]
        assert page.has_previous() and not page.has_next()
        assert [group.name for group in Paginator(rows, 2).get_page(1)] == [
            "prepared-a",
            "prepared-b",
        ]
    with pytest.raises(TypeError):
        rows[0]


# A parameter: one SQL text for every value ------------------------------------------------------


def _groups_from(prefix: str, first_id: int):
    return _groups_named(prefix).filter(pk__gte=first_id)


def _group_named_after(group_id: int):
    return Group.objects.filter(name=f"groupe-{group_id}")


def _group_shifted(group_id: int):
    return Group.objects.filter(pk=group_id + 1)


def _group_chosen_in_python(group_id: int):
    # Decides on the value: the stand-in takes the other branch.
    groups = Group.objects.filter(pk=group_id)
    return groups if group_id > 0 else groups.order_by("name")


FROM = PreparedQuery(_groups_from, parameters=("first_id",))


@override_settings(PREPARED_QUERIES_CHECK=False)
def test_a_parameter_keeps_one_sql_for_every_value(groups, monkeypatch):
    counter = CompileCounter(monkeypatch)
    ids = sorted(group.pk for group in groups)
    for first_id in (ids[0], ids[1], ids[2], ids[2] + 1, ids[0]):
        with CaptureQueriesContext(connection) as queries:
            rows = FROM.rows(prefix="prepared-", first_id=first_id)
        assert rows == list(_groups_from("prepared-", first_id))
        assert str(first_id) in queries[0]["sql"]
    # Built once for the five values (the comparisons above compile the querysets themselves).
    assert counter.count == 1 + 5


def test_a_parameter_is_checked_against_the_builder_with_its_value(groups):
    for group in groups:
        assert FROM.rows(prefix="prepared-", first_id=group.pk) == list(
            _groups_from("prepared-", group.pk)
        )


@pytest.mark.parametrize("builder", [_group_named_after, _group_shifted])
def test_a_parameter_that_is_not_one_plain_value_is_refused(builder):
    with pytest.raises(ImproperlyConfigured, match="does not reach the SQL"):
        PreparedQuery(builder, parameters=("group_id",)).rows(group_id=3)


def test_a_builder_that_decides_on_its_parameter_fails_the_check(groups):
    chosen = PreparedQuery(_group_chosen_in_python, parameters=("group_id",))
    with pytest.raises(PreparedQueryChanged):
        chosen.rows(group_id=groups[0].pk)


def test_a_parameter_is_an_id(groups):
    with pytest.raises(TypeError, match="is an id"):
        FROM.rows(prefix="prepared-", first_id=str(groups[0].pk))


def _nothing_for(group_id: int):
    return Group.objects.filter(pk=group_id).none()


def test_a_query_that_matches_nothing_by_design_takes_a_parameter_too():
    nothing = PreparedQuery(_nothing_for, parameters=("group_id",))
    for group_id in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            assert nothing.rows(group_id=group_id) == []
        assert len(queries) == 0
