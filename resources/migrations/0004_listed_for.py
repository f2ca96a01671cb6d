from django.conf import settings
from django.db import migrations, models

from labo.core.listing import fill_listing


def fill(apps, schema_editor):
    # Who each existing page is listed for, from its live state and the view restrictions.
    fill_listing(apps, "resources.ResourcePage")


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_themes"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcepage",
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
            model_name="resourcepage",
            index=models.Index(
                fields=["listed_for", "resource_type", "audience", "year", "page_ptr"],
                name="resources_listing_idx",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
