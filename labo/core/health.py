"""Checks behind /sante/: each returns None when fine, or a short reason when not. The base
checks the database and the task queue; apps add theirs (the search engine) and reports that
are shown without failing the check (the search index's outbox and document count), from
`AppConfig.ready()`. The base reports the running version, the migrations not applied yet
and the task queue's length and oldest task."""

import functools
import ipaddress
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
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


@functools.cache
def running_version() -> str:
    """What is running: APP_VERSION when the image was built with it (the Dockerfile's build
    argument), else the checkout's commit, else the package's version. Read once per process:
    a new version is a new process."""
    if version := os.environ.get("APP_VERSION", "").strip():
        return version
    root = Path(settings.BASE_DIR)
    git = shutil.which("git")
    if git and (root / ".git").exists():
        try:
            # A fixed command with no outside input.
            commit = subprocess.run(  # noqa: S603
                [git, "rev-parse", "--short=12", "HEAD"],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
        if commit:
            return commit
    try:
        return metadata.version("labo-habitat-des-communs")
    except metadata.PackageNotFoundError:
        return "unknown"


def report_migrations() -> dict:
    """Migrations the code has and the database has not run yet: a node started before
    `migrate`, or an upgrade half done. Not a failure (the old schema may still serve), but an
    alert."""
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"pending": len(plan)}


def report_tasks() -> dict:
    """The background queue (e-mails, search index writes, announcements): tasks waiting and
    how long the oldest has waited. A growing age means no worker is running."""
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    day_ago = timezone.now() - timedelta(days=1)
    return {
        "queued": waiting.count(),
        "oldest_seconds": max(age, 0),
        "failed_last_day": DBTaskResult.objects.failed().filter(finished_at__gte=day_ago).count(),
    }


register_check(HealthCheck("database", 10, check_database))
register_check(HealthCheck("tasks", 30, check_tasks))
register_report(HealthReport("migrations", 1, report_migrations))
register_report(HealthReport("task_queue", 2, report_tasks))


def details_allowed(request) -> bool:
    """Whether this caller may read the figures beside the status (version, queue, index):
    monitoring from the addresses of HEALTH_DETAILS_IPS (loopback by default: the container's
    own healthcheck, an operator on the server). A request relayed by a proxy is judged by the
    address the proxy forwards too, so the public behind a local proxy never qualifies."""
    networks = settings.HEALTH_DETAILS_NETWORKS
    addresses = [request.META.get("REMOTE_ADDR", "")]
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses += [part.strip() for part in forwarded.split(",") if part.strip()]
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if not any(ip in network for network in networks):
            return False
    return True


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
