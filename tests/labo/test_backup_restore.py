"""`make backup` then `make restore` into a new database and new media folders: the restored
site serves the same pages and the same documents, public and private, compared by content.
Runs against the PostgreSQL server of DATABASE_URL (127.0.0.1 by default), in databases of
its own, with the commands an operator types."""

import json

import psycopg
import pytest

from tests.production_site import (
    PYTHON,
    attempt,
    database_create,
    database_drop,
    manage,
    run,
    site_environment,
)

pytestmark = pytest.mark.transactional


@pytest.fixture
def empty_database():
    database = database_create("restored")
    yield database
    database_drop(database)


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


def _snapshot(environment: dict) -> dict:
    return json.loads(run([PYTHON, "-m", "tests.site_snapshot"], environment))


def test_a_backup_restores_into_a_new_database_and_serves_the_same_site(
    committed_demo_site, empty_database, tmp_path
):
    source_db, source_folder = committed_demo_site
    source = site_environment(source_db, source_folder)
    # A carrier drops a document into their application: a private file behind a permission.
    manage(source, "shell", "-c", UPLOAD)
    before = _snapshot(source)

    backups = tmp_path / "backups"
    for _ in range(3):
        run(["make", "-s", "backup", f"BACKUP_DIR={backups}", "BACKUP_KEEP=2"], source)
    kept = sorted(backups.iterdir())
    # Three backups made (names to the second), the two most recent kept, none half-written.
    assert len(kept) == 2 and all(path.name.startswith("labo-") for path in kept)
    backup = kept[-1]
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz", "private.tar.gz",
    ]  # fmt: skip

    restored = site_environment(empty_database, tmp_path / "restored")
    run(["make", "-s", "restore", f"FILE={backup}"], restored)
    after = _snapshot(restored)

    # The demo's pages, documents and application documents exist, and come back the same.
    assert len(before["pages"]) >= 12 and len(before["documents"]) == 4
    assert len(before["private"]) >= 1
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


def test_a_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(
    empty_database, tmp_path
):
    source = site_environment(empty_database, tmp_path / "source")
    with psycopg.connect(empty_database, autocommit=True) as database:
        database.execute("CREATE TABLE reste_d_une_installation (id integer)")
    backups = tmp_path / "backups"
    run(["make", "-s", "backup", f"BACKUP_DIR={backups}"], source)
    (backup,) = backups.iterdir()

    refused = attempt(["sh", "deploy/restore.sh", str(backup)], source)
    assert refused.returncode == 2
    assert "La base de destination n'est pas vide" in refused.stderr

    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"damaged")
    damaged = attempt(["sh", "deploy/restore.sh", str(backup)], source)
    assert damaged.returncode != 0
    assert "FAILED" in damaged.stdout + damaged.stderr
