"""The demo site for transactional tests, copied back before each of them.

Such a test commits for real, so Django empties every table after it. The run's demo template
(tests/databases.py) holds, beside the demo, a `demo_snapshot_<table>` twin of every table
(Django's flush leaves tables it does not know); before each such test, the tables are
emptied and the rows copied back from their twins in one transaction, then the sequences set
past the copied ids: a second, where loading the demo takes a minute. Works on PostgreSQL and
SQLite.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

PREFIX = "demo_snapshot_"


def restore() -> None:
    tables = _model_tables()
    if PREFIX + "wagtailcore_page" not in connection.introspection.table_names():
        raise RuntimeError("No demo snapshot: this database is not a copy of the demo template.")
    _restore(tables)


def _model_tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take() -> None:
    """Keep a twin of every table (the demo template calls this once the demo is loaded)."""
    tables = _model_tables()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(PREFIX + table)}")
            # Table names from Django's introspection, quoted: no outside input.
            cursor.execute(f"CREATE TABLE {quote(PREFIX + table)} AS SELECT * FROM {quote(table)}")  # noqa: S608


def _restore(tables: list[str]) -> None:
    quote = connection.ops.quote_name
    # DELETE, not TRUNCATE: the demo's tables are small, and PostgreSQL's TRUNCATE gives each
    # of ~160 tables and their indexes new files (most of a restore's time when it did).
    # Rows go back table by table: foreign keys are checked at the end of the transaction
    # (PostgreSQL: Django's are deferrable), or not during the copy (SQLite).
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (introspected names)
        for table in tables:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(PREFIX + table)}")  # noqa: S608
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
