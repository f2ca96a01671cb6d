"""An index on Wagtail's `url_path` for live pages: labo.core.routing finds the page at an
address in one query with it, instead of walking down the tree. Wagtail's model does not
declare it, hence plain SQL (the same on PostgreSQL and SQLite), as in 0004."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_site_layout"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS labo_page_live_url_path "
            "ON wagtailcore_page (url_path) WHERE live",
            reverse_sql="DROP INDEX IF EXISTS labo_page_live_url_path",
        )
    ]
