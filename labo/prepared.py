"""Queries whose SQL is built once per process, then only run.

Building a Django queryset and compiling it to SQL costs more than PostgreSQL takes to answer
the small, index-backed queries of this platform: 3 to 5 ms of Python for a list of cards
that the database answers in about 1.5 ms (bench data, docs/performance.md). A query whose
SQL depends on a few arguments only (who may see a list, a page's id) is declared once with
the function that builds it:

    def _latest_projects(tiers):                       # module level, arguments only
        return ProjectPage.objects.filter(listed_for__in=tiers).order_by(...)[:3]

    LATEST_PROJECTS = PreparedQuery(_latest_projects)
    LATEST_PROJECTS.rows(tiers=(1, 2))                 # a list, like list(queryset)

The first call with given arguments builds the queryset and compiles it; later calls send the
same SQL with the same parameters and turn the rows into objects as Django does (the
queryset's own iterable class: model instances, values, values_list), then run its
`prefetch_related`. This keeps no data: every call reads the database, so nothing here goes
stale when content changes. What is kept is the text of a query, as SQLAlchemy's compiled
cache keeps it; the caches of labo.caching are another matter (they keep data).

A person's own query (their groups, their counts) would be compiled once per person and
kept for the few people a worker saw last. Its person is a *parameter* instead: named in
`parameters`, it stays out of the key; the query is built once with a stand-in value in its
place, and each call sends the same SQL with its own value where the stand-in was:

    PERSON_GROUPS = PreparedQuery(_groups_of, parameters=("user_id",))
    PERSON_GROUPS.rows(user_id=request.user.pk)

A parameter is an id (an int, sent as it is) and must reach the SQL as one plain value
(`filter(user_id=user_id)`): a builder that transforms it or decides anything on it is refused
when first built, or caught by the check below.

What keeps it correct:
- the builder is a module-level function of its arguments alone (no closure over a request or
  a user: refused when declared), and reads no clock (« now » is the database's `Now()`);
- the arguments are hashable values (a tier, an id, a tuple), and they are the key;
- with `PREPARED_QUERIES_CHECK` on (the test settings), every call builds and compiles the
  query again and fails if the SQL or its values differ from the kept ones (with the call's
  own parameters in place of the stand-ins): the whole suite proves that each builder depends
  on its arguments alone and takes its parameters as plain values;
- the kept SQL is dropped after `migrate` or a test database's flush (`post_migrate`), which
  may renumber content types.

Kept per database connection (so per thread), `kept` argument sets per query at most, the
least recently used dropped first: a few hundred kilobytes per worker.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
)
from django.utils.functional import SimpleLazyObject

# The iterables of querysets whose rows only depend on the SQL (not `.iterator()`'s chunks,
# nor `.raw()`).
SUPPORTED_ITERABLES = (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable)
_CONNECTION_ATTRIBUTE = "labo_prepared_queries"
# Moved by `forget_prepared_queries`; each connection's kept SQL belongs to one generation,
# so that a thread that did not run the migration (a test's live server) drops its own too.
_generation = 0


class PreparedQueryChanged(AssertionError):
    """A builder gave another query for the same arguments: it depends on something else."""


# What a parameter is built with: values no row holds (negative ids), told apart from every
# other value of a query by their size, and within the range of a 32-bit integer column
# (beyond it, Django turns a lookup into « matches nothing » before any SQL).
STAND_INS = (-2_147_480_011, -2_147_480_017, -2_147_480_023)


class _Compiled:
    """One built queryset, its compiler set up and its SQL (None: a query that can match
    nothing, such as `pk__in=[]`); for a query with parameters, where each stand-in sits among
    the SQL's values."""

    __slots__ = ("queryset", "sql", "compiler", "places")

    def __init__(self, queryset: QuerySet, stand_ins: dict[str, int] | None = None):
        if queryset._iterable_class not in SUPPORTED_ITERABLES:
            raise ImproperlyConfigured(
                f"A prepared query returns model instances or values, not "
                f"{queryset._iterable_class.__name__}."
            )
        self.queryset = queryset
        self.places = {}
        compiler = self.compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            self.sql = compiler.as_sql()
        except EmptyResultSet:
            # `.none()` matches nothing whatever the parameter: that is no misuse of it.
            if stand_ins and not queryset.query.is_empty():
                raise ImproperlyConfigured(
                    "A query with parameters matches nothing with their stand-ins: one of them "
                    "does not reach the SQL as one plain value."
                ) from None
            self.sql = None
            return
        sql = self.sql
        for name, stand_in in (stand_ins or {}).items():
            self.places[name] = [i for i, value in enumerate(sql[1]) if value == stand_in]
            if not self.places[name] or str(stand_in) in sql[0]:
                raise ImproperlyConfigured(
                    f"The parameter {name} does not reach the SQL as one plain value."
                )
        # Every later run sends the kept text (as_sql also set the compiler up: its columns,
        # related models and annotations, which the iterable reads). This queryset is never
        # chained again, so its query may answer with this compiler for good.
        compiler.as_sql = lambda *args, **kwargs: sql
        queryset.query.get_compiler = lambda *args, **kwargs: compiler

    def sql_with(self, values: dict) -> tuple[str, tuple]:
        """The kept SQL with each parameter's value where its stand-in was."""
        text, params = self.sql
        if not self.places:
            return self.sql
        params = list(params)
        for name, places in self.places.items():
            for place in places:
                params[place] = values[name]
        return text, tuple(params)

    def rows(self, values: dict | None = None) -> list:
        if self.sql is None:
            return []
        queryset = self.queryset
        if self.places:
            # One connection, so one thread, runs this: the SQL of this call, then the rows.
            sql = self.sql_with(values)
            self.compiler.as_sql = lambda *args, **kwargs: sql
        results = list(queryset._iterable_class(queryset))
        if queryset._prefetch_related_lookups and results:
            prefetch_related_objects(results, *queryset._prefetch_related_lookups)
        return results


class PreparedQuery:
    """A query built by `build(**arguments)` and compiled once per argument set."""

    def __init__(
        self, build: Callable[..., QuerySet], *, kept: int = 16, parameters: tuple[str, ...] = ()
    ):
        if build.__name__ == "<lambda>" or build.__code__.co_freevars:
            raise ImproperlyConfigured(
                f"{build.__qualname__}: a prepared query is built by a module-level function "
                "of its arguments alone."
            )
        if len(parameters) > len(STAND_INS):
            raise ImproperlyConfigured(f"At most {len(STAND_INS)} parameters per query.")
        self.build = build
        self.kept = kept
        self.parameters = parameters
        self.name = f"{build.__module__}.{build.__qualname__}"

    def __repr__(self) -> str:
        return f"<PreparedQuery {self.name}>"

    def rows(self, **arguments: Hashable) -> list:
        """What `list(build(**arguments))` gives."""
        values = {name: arguments.pop(name) for name in self.parameters}
        for name, value in values.items():
            # Sent as they are, without the field's conversion: ids, as the database takes them.
            if type(value) is not int:
                raise TypeError(f"{self.name}: the parameter {name} is an id (int), not {value!r}.")
        key = tuple(sorted(arguments.items()))
        kept = self._kept()
        compiled = kept.get(key)
        if compiled is None:
            stand_ins = dict(zip(self.parameters, STAND_INS, strict=False))
            compiled = kept[key] = _Compiled(self.build(**arguments, **stand_ins), stand_ins)
            if len(kept) > self.kept:
                kept.popitem(last=False)
        else:
            kept.move_to_end(key)
        if settings.PREPARED_QUERIES_CHECK:
            self._check(compiled, arguments, values)
        return compiled.rows(values)

    def rows_once(self, **arguments) -> list:
        """The same rows, built and compiled for this call only: for arguments that make the
        builder read data (words searched, whose matching ids are part of the SQL)."""
        return list(self.build(**arguments))

    def first(self, **arguments: Hashable):
        """The first row, or None: the builder slices its queryset to one row itself."""
        rows = self.rows(**arguments)
        return rows[0] if rows else None

    def _kept(self) -> OrderedDict:
        connection = connections[DEFAULT_DB_ALIAS]
        generation, every_query = connection.__dict__.get(_CONNECTION_ATTRIBUTE, (None, None))
        if generation != _generation:
            every_query = {}
            connection.__dict__[_CONNECTION_ATTRIBUTE] = (_generation, every_query)
        return every_query.setdefault(self, OrderedDict())

    def _check(self, compiled: _Compiled, arguments: dict, values: dict) -> None:
        queryset = self.build(**arguments, **values)
        try:
            again = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            again = None
        kept = None if compiled.sql is None else compiled.sql_with(values)
        if again != kept:
            raise PreparedQueryChanged(
                f"{self.name}({arguments}, {values}): the builder gave another query for the "
                f"same arguments.\nkept:  {kept}\nagain: {again}"
            )


class PreparedSlices:
    """What a paginator slices, each page read by `query` with `start` and `stop` besides
    `arguments`; its length is known (counted with something else). A page's rows are read
    when first used, as a sliced queryset's are: a list inside a kept fragment is not read
    while the fragment is kept."""

    def __init__(self, query: PreparedQuery, count: int, **arguments: Hashable):
        self.query = query
        self.length = count
        self.arguments = arguments

    def __len__(self) -> int:
        return self.length

    def count(self) -> int:
        return self.length

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("PreparedSlices are read by page: a slice without step.")
        start, stop = index.start or 0, index.stop
        return SimpleLazyObject(lambda: self.query.rows(start=start, stop=stop, **self.arguments))


def forget_prepared_queries(**kwargs) -> None:
    """Drop every kept SQL text, in every thread (after `migrate`, a test database's flush or
    a copy of the demo put back: content types may have been numbered again)."""
    global _generation
    _generation += 1
