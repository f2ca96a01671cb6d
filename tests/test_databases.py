"""The test databases are copies of templates (tests/databases.py)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.models import SearchDocument
from tests import databases

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_this_worker_has_a_migrated_copy_of_the_demo_with_its_index_and_snapshot(demo):
    # Every migration on disk is applied: the template is not older than the code.
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert SearchDocument.objects.exists()
    assert "demo_snapshot_wagtailcore_page" in connection.introspection.table_names()
    # The template of these migrations is there to copy from, under their fingerprint.
    engine = databases.template_engine()
    assert engine.exists(databases.MIGRATED + databases.migrations_fingerprint())


def test_the_fingerprint_follows_every_migration_file(tmp_path):
    """A migration added, or one changed, gives another fingerprint, so another template."""
    files = databases.migration_files()
    assert len(files) > 250 and ("projects", "0001_initial") in dict(files)
    fingerprint = databases.fingerprint_of(files)
    assert databases.fingerprint_of(files) == fingerprint
    added = tmp_path / "0099_added.py"
    added.write_text("from django.db import migrations\n")
    assert databases.fingerprint_of([*files, (("projects", "0099_added"), added)]) != fingerprint
    key, path = files[-1]
    changed = tmp_path / path.name
    changed.write_bytes(path.read_bytes() + b"\n# changed\n")
    assert databases.fingerprint_of([*files[:-1], (key, changed)]) != fingerprint
