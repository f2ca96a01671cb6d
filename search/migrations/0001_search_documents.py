import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# French stemming that ignores accents ("habitât" finds "habitat"), PostgreSQL only: SQLite
# searches the normalized text instead (see search/engines/database.py).
CREATE_CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent ( COPY = french );
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""
CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS search_document_vector_idx "
    "ON search_searchdocument USING GIN (vector)"
)


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.RunPython(postgresql_only(CREATE_CONFIG), migrations.RunPython.noop),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("kind", models.CharField(choices=[("projet", "Projets"), ("ressource", "Ressources"), ("evenement", "Événements"), ("forum", "Forum"), ("page", "Pages")], db_index=True, max_length=10)),
                ("title", models.CharField(max_length=255)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("attachments", models.TextField(blank=True)),
                ("url", models.CharField(max_length=500)),
                ("departement", models.CharField(blank=True, db_index=True, max_length=2)),
                ("themes", models.CharField(blank=True, max_length=500)),
                ("date", models.DateTimeField(db_index=True, null=True)),
                ("members_only", models.BooleanField(default=False)),
                ("title_normalized", models.CharField(db_index=True, max_length=255)),
                ("text_normalized", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("content_type", "object_id"), name="search_one_doc")],
            },
        ),
        migrations.RunPython(postgresql_only(CREATE_INDEX), migrations.RunPython.noop),
    ]
