"""Checks behind /sante/: each returns None when fine, or a short reason when not."""

from django.db import connections
from django_tasks import task_backends


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return type(error).__name__
    return None


def check_search() -> str | None:
    """The engine behind /recherche/ (Elasticsearch when configured, the database otherwise):
    reachable, with an index made by this version of the code."""
    from search.selectors import engine

    try:
        return engine().problem()
    except Exception as error:
        return type(error).__name__


def check_tasks() -> str | None:
    try:
        backend = task_backends["default"]
        if backend.__class__.__name__ == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
    except Exception as error:
        return type(error).__name__
    return None


CHECKS = {"database": check_database, "search": check_search, "tasks": check_tasks}


def run_checks() -> dict[str, str | None]:
    return {name: check() for name, check in CHECKS.items()}


def search_index_writes() -> dict[str, int]:
    """Writes to Elasticsearch still waiting in the outbox, and those refused five times or
    more (reported, not a failure of the site: the database keeps the reference)."""
    from search.outbox import writes_status

    try:
        return writes_status()
    except Exception:
        return {}
