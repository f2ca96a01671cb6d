from django.conf import settings
from django.db import migrations, models

from labo.core.listing import fill_listing


def fill(apps, schema_editor):
    # Who each existing page is listed for, from its live state and the view restrictions.
    fill_listing(apps, "projects.ProjectPage")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_viure_uses_assessment"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="projectpage",
            name="listed_for",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "non publiée"),
                    (1, "tout le monde"),
                    (2, "membres connectés"),
                    (3, "accès restreint"),
                ],
                default=0,
                editable=False,
                verbose_name="listée pour",
            ),
        ),
        migrations.AddIndex(
            model_name="projectpage",
            index=models.Index(
                fields=["listed_for",
                    "departement",
                    "stage",
                    "legal_form",
                    "seeking_households",
                    "page_ptr",
                ],
                name="projects_listing_idx",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
