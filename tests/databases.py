"""Each test session's database is a copy of a template, instead of being migrated and filled by
every pytest worker of every session.

Migrating an empty database takes one and a half to two minutes (Django renders the model
states of ~300 migrations, most of them Wagtail's) and loading the demo another minute or
more: `make test`'s two sessions of two workers, then `make test-sqlite`, paid that six times.

- The *migrated* template: every migration applied to an empty database. Its name carries a
  fingerprint of every migration file and of Django's version, so it is built again exactly
  when one of them changes and kept between runs otherwise. Built by `manage.py migrate` in a
  process of its own, so that building it never moves this process's connection.
- The *demo* template: a copy of the migrated one with the demo site loaded and its search
  index built, the copy of every table the transactional tests restore
  (tests/demo_snapshot.py) and the demo's files. Its name carries the run's id (`make test`
  gives its two sessions the same LABO_TEST_RUN), because the demo's dates follow the moment
  it is loaded.
- Each worker's database: a copy of the demo template (PostgreSQL: CREATE DATABASE …
  TEMPLATE, which copies files; SQLite: the file read into memory), its media folders a copy
  of the demo's files.

A file lock lets one process build each template while the others wait for it; templates of
another fingerprint or another run are dropped when a new one is built.
"""

import fcntl
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests import demo_snapshot

ROOT = Path(__file__).resolve().parents[1]
# Outside the checkout, as the PostgreSQL templates are outside it: a clean clone on the same
# machine finds the migrated template of its fingerprint, and two checkouts share one lock.
FOLDER = Path(tempfile.gettempdir()) / f"labo-test-databases-{os.getuid()}"
MIGRATED = "labo_test_migrated_"
DEMO = "labo_test_demo_"


@contextmanager
def locked(path: Path):
    """An exclusive lock on `path` across processes (pytest's workers, other sessions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def templates_locked():
    return locked(FOLDER / "templates.lock")


def migration_files() -> list[tuple[tuple[str, str], Path]]:
    """((app label, migration name), file) of every migration of every installed app."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return [
        (key, Path(sys.modules[loader.disk_migrations[key].__module__].__file__))
        for key in sorted(loader.disk_migrations)
    ]


def fingerprint_of(files: list[tuple[tuple[str, str], Path]]) -> str:
    """Django's version, and each migration's name and bytes."""
    digest = hashlib.sha256(django.get_version().encode())
    for key, path in files:
        digest.update(repr(key).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrations_fingerprint() -> str:
    return fingerprint_of(migration_files())


def run_id(config) -> str:
    """The same for every session and worker of one `make test`; one run's otherwise."""
    given = os.environ.get("LABO_TEST_RUN") or getattr(config, "workerinput", {}).get(
        "testrunuid", ""
    )
    return re.sub(r"[^a-z0-9]", "", given.lower())[:20] or uuid.uuid4().hex[:12]


class _Postgres:
    """Templates and copies as databases of the suite's PostgreSQL server."""

    def __init__(self):
        # A copy: `_use` renames the connection's database.
        self.server = dict(connection.settings_dict)

    def _admin(self):
        import psycopg  # noqa: PLC0415 (only installed where PostgreSQL is used)

        return psycopg.connect(
            dbname="postgres",
            host=self.server["HOST"] or None,
            port=self.server["PORT"] or None,
            user=self.server["USER"] or None,
            password=self.server["PASSWORD"] or None,
            autocommit=True,
        )

    def url(self, name: str) -> str:
        server = self.server
        credentials = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
        return f"postgres://{credentials}@{server['HOST']}:{server['PORT'] or 5432}/{name}"

    def exists(self, name: str) -> bool:
        with self._admin() as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None

    def copy(self, template: str, name: str) -> None:
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            copied = f' TEMPLATE "{template}"' if template else ""
            admin.execute(f'CREATE DATABASE "{name}"{copied}')

    def publish(self, building: str, name: str) -> None:
        with self._admin() as admin:
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')

    def drop(self, name: str) -> None:
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_others(self, prefix: str, keep: str) -> None:
        """Earlier templates of the kind, unless someone is connected to one (another run)."""
        import psycopg  # noqa: PLC0415 (only installed where PostgreSQL is used)

        with self._admin() as admin:
            names = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [prefix + "%", keep],
            ).fetchall()
            for (name,) in names:
                try:
                    admin.execute(f'DROP DATABASE "{name}"')
                except psycopg.errors.ObjectInUse:
                    continue

    def database_name(self, name: str) -> str:
        return name

    def worker_name(self, worker: str) -> str:
        test = self.server.get("TEST", {}).get("NAME")
        return test or f"test_{self.server['NAME']}_{worker}"


class _Sqlite:
    """Templates as files in FOLDER; a worker's database in memory, as Django's
    test databases on SQLite are, filled from the template by SQLite's backup API."""

    def url(self, name: str) -> str:
        return f"sqlite:///{self.database_name(name)}"

    def database_name(self, name: str) -> str:
        if name.startswith("worker_"):
            return f"file:labo_{name}?mode=memory&cache=shared"
        return str(FOLDER / f"{name}.sqlite3")

    def exists(self, name: str) -> bool:
        return Path(self.database_name(name)).exists()

    def copy(self, template: str, name: str) -> None:
        if name.startswith("worker_"):
            # Filled once this process's connection opens it (`fill`).
            return
        target = Path(self.database_name(name))
        target.unlink(missing_ok=True)
        if template:
            shutil.copyfile(self.database_name(template), target)

    def fill(self, template: str) -> None:
        connection.ensure_connection()
        with closing(sqlite3.connect(self.database_name(template))) as source:
            source.backup(connection.connection)

    def publish(self, building: str, name: str) -> None:
        os.replace(self.database_name(building), self.database_name(name))

    def drop(self, name: str) -> None:
        if not name.startswith("worker_"):
            Path(self.database_name(name)).unlink(missing_ok=True)

    def drop_others(self, prefix: str, keep: str) -> None:
        for path in FOLDER.glob(f"{prefix}*.sqlite3"):
            if path.stem != keep:
                path.unlink(missing_ok=True)

    def worker_name(self, worker: str) -> str:
        return f"worker_{worker}"


def template_engine():
    return _Postgres() if connection.vendor == "postgresql" else _Sqlite()


def _use(engine, name: str) -> None:
    """Point this process's connection at database `name` (as Django's test runner does)."""
    connection.close()
    database = engine.database_name(name)
    settings.DATABASES[connection.alias]["NAME"] = database
    connection.settings_dict["NAME"] = database


def migrated_template() -> str:
    """The URL of the migrated template, built first if no template has this fingerprint."""
    engine = template_engine()
    name = MIGRATED + migrations_fingerprint()
    with templates_locked():
        if not engine.exists(name):
            building = f"{name}_building"
            engine.copy("", building)
            environment = {**os.environ, "DATABASE_URL": engine.url(building)}
            subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
                [sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput", "-v0"],
                cwd=ROOT, env=environment, check=True,
            )  # fmt: skip
            engine.publish(building, name)
            engine.drop_others(MIGRATED, keep=name)
    return engine.url(name)


def _files(template: str) -> Path:
    return FOLDER / f"{template}-files"


def _demo_template(engine, run: str) -> str:
    """The demo template of this run, built first if missing (under the lock). Building it
    moves this process's connection; the caller points it at its own copy afterwards."""
    name = DEMO + run
    if engine.exists(name):
        return name
    migrated = MIGRATED + migrations_fingerprint()
    building = f"{name}_building"
    engine.copy(migrated, building)
    _use(engine, building)
    # The demo's files land in this worker's folders, emptied first (a file left there would
    # make the storage pick another name), then are kept beside the template.
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(folder, ignore_errors=True)
    call_command("load_demo", verbosity=0)
    demo_snapshot.take()
    connection.close()
    files = _files(name)
    shutil.rmtree(files, ignore_errors=True)
    shutil.copytree(settings.MEDIA_ROOT, files / "media", dirs_exist_ok=True)
    shutil.copytree(settings.PRIVATE_MEDIA_ROOT, files / "private", dirs_exist_ok=True)
    engine.publish(building, name)
    engine.drop_others(DEMO, keep=name)
    for folder in FOLDER.glob(f"{DEMO}*-files"):
        if folder != files:
            shutil.rmtree(folder, ignore_errors=True)
    return name


def worker_database(config) -> str:
    """This worker's database, a copy of the run's demo template, and its files, a copy of the
    demo's; this process's connection points at it. Returns its name, for `drop`."""
    engine = template_engine()
    migrated_template()
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    name = engine.worker_name(worker)
    with templates_locked():
        template = _demo_template(engine, run_id(config))
        engine.copy(template, name)
    files = _files(template)
    for folder, kept in ((settings.MEDIA_ROOT, "media"), (settings.PRIVATE_MEDIA_ROOT, "private")):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(files / kept, folder)
    _use(engine, name)
    if isinstance(engine, _Sqlite):
        engine.fill(template)
    return name


def demo_template(config) -> tuple[str, Path]:
    """The URL of this run's demo template (built by the first worker's `worker_database`)
    and the folder of its files (`media`, `private`); copy it under `templates_locked()`."""
    engine = template_engine()
    name = DEMO + run_id(config)
    assert engine.exists(name), f"no demo template {name}: the worker's database comes first"
    return engine.url(name), _files(name)


def drop(name: str) -> None:
    connection.close()
    template_engine().drop(name)
