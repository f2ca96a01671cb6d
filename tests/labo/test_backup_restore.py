"""`make backup` then `make restore` into a new database and new media folders: the restored
site serves the same pages and the same documents, public and private, compared by content.
Runs against the PostgreSQL server of DATABASE_URL (127.0.0.1 by default), in databases of
its own, with the commands an operator types."""

import json
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.transactional


def _server_url() -> str:
    """The PostgreSQL server the suite uses (or the machine's own), without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(url)._replace(path=""))


@pytest.fixture
def databases():
    server = _server_url()
    names = [f"labo_backup_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "restored")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{server}/{name}" for name in names]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


UPLOAD = """
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from labo.accounts.models import User
from projects.applications.models import Application
from projects.applications.permissions import is_application_team
from projects.applications.services import application_document_upload

pdf = FPDF()
pdf.add_page()
pdf.set_font("helvetica", size=12)
pdf.cell(text="Budget previsionnel")
application = Application.objects.order_by("pk").first()
carrier = next(u for u in User.objects.order_by("pk") if is_application_team(u, application))
application_document_upload(
    application=application,
    uploaded=SimpleUploadedFile("budget.pdf", bytes(pdf.output()), "application/pdf"),
    title="Budget prévisionnel",
    by=carrier,
)
"""


def _site_environment(database: str, folder: Path) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "REDIS", "ELASTICSEARCH", "TEST_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="labo.settings.dev",
        DEBUG="false",
        DATABASE_URL=database,
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        SITE_URL="http://127.0.0.1:8000",
        # The test client's host.
        ALLOWED_HOSTS="testserver",
    )
    return environment


def _attempt(command: list[str], environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip


def _run(command: list[str], environment: dict) -> str:
    result = _attempt(command, environment)
    assert result.returncode == 0, f"{command}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _snapshot(environment: dict) -> dict:
    return json.loads(_run([".venv/bin/python", "-m", "tests.site_snapshot"], environment))


def test_a_backup_restores_into_a_new_database_and_serves_the_same_site(databases, tmp_path):
    source_db, restored_db = databases
    source = _site_environment(source_db, tmp_path / "source")
    _run([".venv/bin/python", "manage.py", "migrate", "--noinput", "-v0"], source)
    _run([".venv/bin/python", "manage.py", "load_demo", "-v0"], source)
    # A carrier drops a document into their application: a private file behind a permission.
    _run([".venv/bin/python", "manage.py", "shell", "-c", UPLOAD], source)
    before = _snapshot(source)

    backups = tmp_path / "backups"
    for _ in range(3):
        _run(["make", "-s", "backup", f"BACKUP_DIR={backups}", "BACKUP_KEEP=2"], source)
    kept = sorted(backups.iterdir())
    # Three backups made (names to the second), the two most recent kept, none half-written.
    assert len(kept) == 2 and all(path.name.startswith("labo-") for path in kept)
    backup = kept[-1]
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz", "private.tar.gz",
    ]  # fmt: skip

    restored = _site_environment(restored_db, tmp_path / "restored")
    _run(["make", "-s", "restore", f"FILE={backup}"], restored)
    after = _snapshot(restored)

    # The demo's pages, documents and application documents exist, and come back the same.
    assert len(before["pages"]) >= 12 and len(before["documents"]) == 4
    assert len(before["private"]) == 1
    assert any(name.startswith("private/candidatures/") for name in before["files"])
    assert any(name.startswith("media/original_images/") for name in before["files"])
    assert all(status == 200 for status, _ in before["pages"].values())
    assert all(status == 200 for status, _ in before["private"].values())
    assert after["counts"] == before["counts"]
    assert after["documents"] == before["documents"]
    assert after["private"] == before["private"]
    assert after["files"] == before["files"]
    for path, page in before["pages"].items():
        assert after["pages"][path] == page, path


def test_a_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(databases, tmp_path):
    source_db, _restored_db = databases
    source = _site_environment(source_db, tmp_path / "source")
    with psycopg.connect(source_db, autocommit=True) as database:
        database.execute("CREATE TABLE reste_d_une_installation (id integer)")
    backups = tmp_path / "backups"
    _run(["make", "-s", "backup", f"BACKUP_DIR={backups}"], source)
    (backup,) = backups.iterdir()

    refused = _attempt(["sh", "deploy/restore.sh", str(backup)], source)
    assert refused.returncode == 2
    assert "La base de destination n'est pas vide" in refused.stderr

    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"damaged")
    damaged = _attempt(["sh", "deploy/restore.sh", str(backup)], source)
    assert damaged.returncode != 0
    assert "FAILED" in damaged.stdout + damaged.stderr
