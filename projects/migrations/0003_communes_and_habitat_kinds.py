import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "communes-occitanie.json"

HABITAT_KINDS = [
    ("participatif", "Habitat participatif"),
    ("partage", "Habitat partagé"),
    ("inclusif", "Habitat inclusif"),
    ("intergenerationnel", "Habitat intergénérationnel"),
    ("leger", "Habitat léger ou réversible"),
    ("ecohameau", "Écohameau, écolieu"),
]


def load(apps, schema_editor):
    Commune = apps.get_model("projects", "Commune")
    HabitatKind = apps.get_model("projects", "HabitatKind")
    rows = json.loads(DATA.read_text())
    existing = set(Commune.objects.values_list("insee_code", flat=True))
    Commune.objects.bulk_create(
        [
            Commune(
                insee_code=row["code"],
                name=row["nom"],
                departement=row["departement"],
                postal_codes=",".join(row["codesPostaux"]),
                latitude=row["lat"],
                longitude=row["lng"],
            )
            for row in rows
            if row["code"] not in existing
        ],
        batch_size=1000,
    )
    for order, (slug, name) in enumerate(HABITAT_KINDS):
        HabitatKind.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_project_profiles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
