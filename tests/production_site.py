"""A demo site committed to a PostgreSQL database of its own, with its own media folders, for
the tests that run the platform as separate processes (backups, several web nodes): the
commands an operator types, against the PostgreSQL server the suite uses."""

import json
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from tests.databases import demo_template, locked, templates_locked

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


# Python for `manage.py shell -c` or `python -c` (after django.setup()): a demo carrier and an
# application they may add documents to. Staff and partners are left out: the production
# settings require a second factor of them.
CARRIER_AND_APPLICATION = """
from labo.accounts.models import User
from labo.permissions import is_partner, is_staff_member
from projects.applications.models import Application
from projects.applications.permissions import can_upload_application_document

carrier, application = next(
    (user, application)
    for application in Application.objects.order_by("pk")
    for user in User.objects.filter(email__endswith="@labo.test").order_by("pk")
    if not (is_staff_member(user) or is_partner(user))
    and can_upload_application_document(user, application)
)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL (or the machine's own), without a database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(url)._replace(path=""))


def database_create(role: str, template: str = "") -> str:
    """A new database; a copy of `template` (a database URL nobody is connected to) if given."""
    name = f"labo_{role}_{uuid.uuid4().hex[:8]}"
    copy = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{copy}')
    return f"{server_url()}/{name}"


def database_drop(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_environment(database: str, folder: Path, **settings) -> dict:
    """A process environment for the site of `database` and `folder` (media, private), with
    none of the test suite's own settings."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "REDIS", "ELASTICSEARCH", "TEST_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "labo.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database,
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "SITE_URL": "http://127.0.0.1:8000",
            # The test client's host.
            "ALLOWED_HOSTS": "testserver",
            **settings,
        }
    )
    return environment


def attempt(command: list[str], environment: dict, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


def run(command: list[str], environment: dict) -> str:
    result = attempt(command, environment)
    assert result.returncode == 0, f"{command}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def manage(environment: dict, *arguments: str) -> str:
    return run([PYTHON, "manage.py", *arguments], environment)


TEMPLATE_RECORD = "committed-demo-site.json"

# The run's demo template was loaded under the suite's settings: its demo accounts' passwords
# are hashed with MD5, which the site's own settings refuse (they hash with scrypt), and it
# holds the transactional tests' snapshot tables (tests/demo_snapshot.py), which a site's
# backup has no business carrying.
AS_A_SITE = """
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from labo.accounts.models import User

User.objects.filter(password__startswith="md5$").update(
    password=make_password(settings.DEMO_PASSWORD)
)
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        if table.startswith("demo_snapshot_"):
            cursor.execute(f'DROP TABLE "{table}"')
"""


def _copy_demo_template(config, folder: Path) -> str:
    # On PostgreSQL: a copy of the run's demo template (tests/databases.py), the demo loaded
    # and indexed already, made a site by AS_A_SITE: seconds, where loading it takes minutes.
    template, files = demo_template(config)
    with templates_locked():
        database = database_create("demo", template=template)
    for kept in ("media", "private"):
        shutil.copytree(files / kept, folder / kept, dirs_exist_ok=True)
    manage(site_environment(database, folder), "shell", "-c", AS_A_SITE)
    return database


def _build_site(folder: Path) -> str:
    # A suite run on SQLite has no PostgreSQL template: migrate and load the demo.
    database = database_create("demo")
    environment = site_environment(database, folder)
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_demo", "-v0")
    return database


@pytest.fixture(scope="session")
def committed_demo_site(tmp_path_factory, worker_id, pytestconfig, django_db_setup):
    """(database URL, folder): the demo committed to a PostgreSQL database and folders of this
    worker's own.

    On PostgreSQL, a copy of the run's demo template. A suite run on SQLite builds it once
    per run, not once per worker (a minute and a half each on two cores): the first worker to
    need it builds a template database and folder in the run's shared temporary folder, and
    every worker copies them (CREATE DATABASE … TEMPLATE copies files, in a second). The run's
    controller drops that template at its end (`drop_committed_demo_template`,
    tests/conftest.py)."""
    folder = tmp_path_factory.mktemp("demo-site")
    if connection.vendor == "postgresql":
        database = _copy_demo_template(pytestconfig, folder)
    elif worker_id == "master":
        database = _build_site(folder)
    else:
        shared = tmp_path_factory.getbasetemp().parent  # this run's, above each worker's
        with locked(shared / "committed-demo-site.lock"):
            record = shared / TEMPLATE_RECORD
            if not record.exists():
                template_folder = shared / "committed-demo-site"
                template_folder.mkdir()
                template = _build_site(template_folder)
                record.write_text(
                    json.dumps({"database": template, "folder": str(template_folder)})
                )
            built = json.loads(record.read_text())
            database = database_create("demo", template=built["database"])
            shutil.copytree(built["folder"], folder, dirs_exist_ok=True)
    yield database, folder
    database_drop(database)


def drop_committed_demo_template(run_folder: Path) -> None:
    record = run_folder / TEMPLATE_RECORD
    if record.exists():
        database_drop(json.loads(record.read_text())["database"])
