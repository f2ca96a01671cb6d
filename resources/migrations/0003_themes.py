from django.db import migrations

THEMES = [
    ("montage-juridique", "Montage juridique"),
    ("financement", "Financement"),
    ("foncier", "Foncier"),
    ("gouvernance", "Gouvernance et vie de groupe"),
    ("architecture", "Architecture et écoconstruction"),
    ("accompagnement", "Accompagnement"),
    ("politiques-publiques", "Politiques publiques"),
]


def create(apps, schema_editor):
    ResourceTheme = apps.get_model("resources", "ResourceTheme")
    for order, (slug, name) in enumerate(THEMES):
        ResourceTheme.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_library")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
