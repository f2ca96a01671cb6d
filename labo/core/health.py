"""Checks behind /sante/: each returns None when fine, or a short reason when not. The base
checks the database and the task queue; apps add theirs (the search engine) and reports that
are shown without failing the check (the search index's outbox), from `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from labo.registry import Registry


@dataclass(frozen=True)
class HealthCheck:
    name: str
    order: int
    # None when fine, a short reason otherwise; an exception counts as its class's name.
    check: Callable[[], str | None]


@dataclass(frozen=True)
class HealthReport:
    """Figures shown on /sante/ (when not empty) that do not make the site unhealthy."""

    name: str
    order: int
    report: Callable[[], dict]


checks: Registry[HealthCheck] = Registry("health checks")
reports: Registry[HealthReport] = Registry("health reports")


def register_check(entry: HealthCheck) -> None:
    checks.register(entry)


def register_report(entry: HealthReport) -> None:
    reports.register(entry)


def check_database() -> str | None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_tasks() -> str | None:
    backend = task_backends["default"]
    if backend.__class__.__name__ == "DatabaseBackend":
        DBTaskResult.objects.exists()
    return None


register_check(HealthCheck("database", 10, check_database))
register_check(HealthCheck("tasks", 30, check_tasks))


def run_checks() -> dict[str, str | None]:
    results = {}
    for entry in checks:
        try:
            results[entry.name] = entry.check()
        except Exception as error:
            results[entry.name] = type(error).__name__
    return results


def run_reports() -> dict[str, dict]:
    results = {}
    for entry in reports:
        try:
            figures = entry.report()
        except Exception:
            figures = {}
        if figures:
            results[entry.name] = figures
    return results
