"""The demo site for transactional tests, copied aside once and copied back for each test.

Such a test commits for real, so Django empties every table after it. Building the demo again
(pages published with their revisions, search documents, the reference index…) took most of a
browser journey's time. Instead, the first such test of a session builds it and copies every
table into a `demo_snapshot_<table>` twin in the same database (Django's flush leaves tables it
does not know); each later one empties the tables and copies the rows back, in one transaction,
then sets the sequences past the copied ids. Works on PostgreSQL and SQLite.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

PREFIX = "demo_snapshot_"
_tables: list[str] | None = None


def restore_or_build() -> None:
    global _tables
    if _tables is not None:
        _restore(_tables)
        return
    _ensure_migrated_state()
    call_command("load_demo", "--skip-index", verbosity=0)
    _tables = _take()


def _model_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take() -> list[str]:
    tables = _model_tables()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(PREFIX + table)}")
            # Table names from Django's introspection, quoted: no outside input.
            cursor.execute(f"CREATE TABLE {quote(PREFIX + table)} AS SELECT * FROM {quote(table)}")  # noqa: S608
    return tables


def _restore(tables: list[str]) -> None:
    quote = connection.ops.quote_name
    flush = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    # Rows go back table by table: foreign keys are checked at the end of the transaction
    # (PostgreSQL: Django's are deferrable), or not during the copy (SQLite).
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in flush:
            cursor.execute(statement)
        for table in tables:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}")  # noqa: S608
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _ensure_migrated_state() -> None:
    """The first transactional test of a session finds the migrated database. Should one
    arrive after a flush (Django's flush re-creates content types and groups, not Wagtail's
    root page), the migrated state is put back from the copy Django made of it."""
    from wagtail.models import Page

    if Page.objects.filter(depth=1).exists():
        return
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        raise RuntimeError("No Wagtail root page and no copy of the migrated database.")
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), _model_tables(), allow_cascade=True):
            cursor.execute(statement)
    connection.creation.deserialize_db_from_string(contents)
