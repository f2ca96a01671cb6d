"""Counts behind the filters of the directory, the library and the agenda ("Foncier (6)"), and
the totals of their pages.

Each list shows one count per value of each filter, computed over the whole set with the other
filters applied: a handful of GROUP BY queries whose cost grows with the data (90 ms for the
library at national scale). They change only when content does, so `cached_facets` keeps them
under the content version (`labo.caching.versions`), which any visible write moves on.
"""

import hashlib
from dataclasses import fields

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise, cached_property

from labo.caching.versions import under_content_version

FACETS_SECONDS = 3600


def value_counts(queryset, field: str) -> dict:
    """Number of distinct rows per value of `field` (a related path is fine)."""
    return dict(value_count_rows(queryset, field))


def value_count_rows(queryset, field: str):
    """(value, number of distinct rows): the query behind `value_counts`."""
    return queryset.order_by().values_list(field).annotate(n=Count("pk", distinct=True))


def term_pairs(relation, rows):
    """(term id, number of `rows` carrying it), for `term_counts`: `relation` is the
    many-to-many field's descriptor (`ResourcePage.themes`), `rows` a queryset of the listed
    model. One GROUP BY over the relation's own table: each (row, term) pair is there once,
    so counting pairs counts rows, without the DISTINCT and the join back to the terms that
    `Count(…, distinct=True)` costs."""
    field = relation.field
    row_column = field.m2m_field_name()
    term_column = field.m2m_reverse_field_name()
    return (
        relation.through.objects.filter(**{f"{row_column}__in": rows.values("pk")})
        .order_by()
        .values_list(term_column)
        .annotate(n=Count("pk"))
    )


def term_counts(terms, pairs) -> list:
    """The `terms` of a many-to-many (a vocabulary: themes, habitat kinds), each with `n`, the
    number of listed rows that carry it, from the rows of `term_pairs`."""
    counts = dict(pairs)
    terms = list(terms)
    for term in terms:
        term.n = counts.get(term.pk, 0)
    return terms


def field_groups(queryset, fields: dict[str, str]):
    """The GROUP BY behind `FieldFacets`: each combination of the fields' values with its
    number of rows."""
    return queryset.order_by().values_list(*fields.values()).annotate(n=Count("pk", distinct=True))


class FieldFacets:
    """The counts of the filters that are fields of the listed rows (a project's département,
    a resource's year…), from one GROUP BY over all of them.

    `groups` are the rows of `field_groups(queryset, fields)`, where `queryset` holds the rows
    matching the other filters (words, many-to-many ones); `fields` maps each filter's name to
    its field; `wanted` gives each filter's chosen value, or None.
    Each row falls in exactly one group, so the count of a value with the other field filters
    applied — what the list would show with it chosen — is a sum over the groups that match
    them; and the total of the list is the sum over the groups that match them all."""

    def __init__(self, groups, fields: dict[str, str], wanted: dict[str, object]):
        self.names = list(fields)
        self.wanted = wanted
        self.groups = [
            (dict(zip(self.names, values, strict=True)), number) for *values, number in groups
        ]

    def _matching(self, left_out: str | None):
        for row, number in self.groups:
            if all(
                name == left_out or value is None or row[name] == value
                for name, value in self.wanted.items()
            ):
                yield row, number

    def counts(self, name: str) -> dict:
        """Rows per value of filter `name`, the other field filters applied."""
        counts = {}
        for row, number in self._matching(name):
            counts[row[name]] = counts.get(row[name], 0) + number
        return counts

    @property
    def total(self) -> int:
        return sum(number for _row, number in self._matching(None))


def five_minutes() -> str:
    """For `moment`: counts that move with the clock (upcoming events, search periods) are kept
    five minutes at most."""
    return str(int(timezone.now().timestamp()) // 300)


def cached_facets(kind: str, filters, compute, *, audience: str = "all", moment: str = ""):
    """`compute()` once per content version, list (`kind`), filters, `audience` (who may see
    which items: the counts of a visitor and of a member differ) and `moment` (for counts that
    depend on the time, such as upcoming events)."""
    digest = hashlib.sha256(filters_key(filters).encode()).hexdigest()[:32]
    return under_content_version(
        f"facets:{kind}:{audience}:{moment}:{digest}",
        lambda: _plain(compute()),
        timeout=FACETS_SECONDS,
    )


def _plain(value):
    """Lazy translations as text: unpickling a lazy string rebuilds its proxy class, which
    cost more than the query it saved (a single language is served)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


class CachedCountPaginator(Paginator):
    """A paginator whose total (`SELECT COUNT(*)` over the whole filtered set, the slowest
    query of a long list) is kept under the content version, like the facet counts. `key`
    names the list and everything that filters it."""

    def __init__(self, object_list, per_page, *, key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cache_key = key

    @cached_property
    def count(self) -> int:
        return kept_count(self.cache_key, lambda: super(CachedCountPaginator, self).count)


def kept_count(key: str, compute) -> int:
    """The total of a list, `compute()` once per content version and `key` (the list and
    everything that filters it), like the facet counts."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return under_content_version(f"count:{digest}", compute, timeout=FACETS_SECONDS)


class KnownCountPaginator(Paginator):
    """A paginator told its total, counted with something else (the directory's facets):
    no `SELECT COUNT(*)` of its own."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


class CountedPaginator(Paginator):
    """A paginator that counts `count_of`, the filtered set before the columns a list adds to
    it: `COUNT(*)` keeps the joins those columns bring (the application list: 2.7 ms instead
    of 0.4 ms at national scale). `count_of` must hold the same rows as `object_list`."""

    def __init__(self, object_list, per_page, *, count_of, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_of = count_of

    @cached_property
    def count(self) -> int:
        return self.count_of.count()


def filters_key(filters) -> str:
    """The compared fields of a filters dataclass, as text for a cache key."""
    return repr([(f.name, getattr(filters, f.name)) for f in fields(filters) if f.compare])
