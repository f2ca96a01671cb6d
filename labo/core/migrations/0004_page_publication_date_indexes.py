"""Indexes on Wagtail's page table for the orders of our lists: the newest projects
(`last_published_at`) and resources (`first_published_at`), per page type, live pages only.
Without them PostgreSQL sorts every published page to show twelve (16 ms for 3,000 projects);
with them it reads the first dozen of that type in index order (the lists filter on the page
type for it). Wagtail's model does not declare them, hence plain SQL (the same on PostgreSQL
and SQLite)."""

from django.db import migrations

INDEXES = {
    "labo_page_type_last_published": "content_type_id, last_published_at DESC, id",
    "labo_page_type_first_published": "content_type_id, first_published_at DESC, id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_addresses"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns}) WHERE live",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
