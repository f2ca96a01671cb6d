from django.conf import settings
from django.db import migrations, models

from labo.core.listing import fill_listing


def fill(apps, schema_editor):
    # Who each existing page is listed for, from its live state and the view restrictions.
    fill_listing(apps, "events.EventPage")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_programme"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
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
            model_name="eventpage",
            index=models.Index(fields=["listed_for", "starts_at"], name="events_listing_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
