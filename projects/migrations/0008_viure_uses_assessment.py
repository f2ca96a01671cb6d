from django.db import migrations


def enable(apps, schema_editor):
    apps.get_model("projects", "Programme").objects.filter(slug="aap-viure").update(
        uses_viure_assessment=True
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_viure_assessment_flag")]

    operations = [migrations.RunPython(enable, migrations.RunPython.noop)]
