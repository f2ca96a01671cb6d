"""SQL expressions the lists share, the same on PostgreSQL and SQLite."""

from django.db.backends.signals import connection_created
from django.db.models import F, Func, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Upper


class ListOf(Subquery):
    """The values of a one-column subquery, as a list in the row itself, in the subquery's
    order: what each card of a list names (an event's themes, a project's kinds of housing).

    A `prefetch_related` would cost a query more and an object per (card, name) pair: 1.8 ms
    for the themes of the agenda's twelve events. The subquery must select one value named
    `v` (`.values(v=F("name"))`); an item without any gets an empty list.
    """

    output_field = JSONField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        subquery, params = super().as_sql(compiler, connection, template, **extra_context)
        if connection.vendor == "postgresql":
            aggregate = "COALESCE(jsonb_agg(listed.v), '[]'::jsonb)"
        else:
            aggregate = "json_group_array(listed.v)"
        # Both parts are SQL of our own: the values are in `params`.
        return f"(SELECT {aggregate} FROM {subquery} listed)", params  # noqa: S608  # nosec


def names_of(relation) -> ListOf:
    """The names of the vocabulary terms (labo.core.models.VocabularyTerm) a row carries
    through `relation`, a many-to-many descriptor (`EventPage.themes`), in the vocabulary's
    order."""
    field = relation.field
    row, term = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = relation.through.objects.filter(**{row: OuterRef("pk")})
    return ListOf(
        links.order_by(f"{term}__sort_order", f"{term}__name").values(v=F(f"{term}__name"))
    )


def count_of(queryset: QuerySet) -> Subquery:
    """The number of rows of `queryset`, as a scalar subquery (`SELECT COUNT(*) …`)."""
    return Subquery(
        queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT")).values("counted")
    )


class UnicodeUpper(Upper):
    """UPPER() of every letter: SQLite's own upper-cases ASCII only (« Léa » gave « LéA »,
    and a mention of « @Léa Dupuy » found nobody on the embedded default), so it calls
    Python's `str.upper` there, registered on each SQLite connection. PostgreSQL's is
    Django's `Upper` (its index, accounts_user_name_upper_idx, serves the lookups)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="LABO_UPPER", **extra_context)


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "LABO_UPPER",
            1,
            lambda text: text.upper() if text is not None else None,
            deterministic=True,
        )


connection_created.connect(_register_sqlite_functions, dispatch_uid="labo.sqlite_functions")
