from django.db import migrations

CATEGORIES = [
    ("montage-juridique", "Montage juridique",
     "Coopérative d'habitants, SCIA, SAA, SCIC… : choisir et rédiger ses statuts."),
    ("financement-et-garanties", "Financement et garanties",
     "Plan de financement, prêts, garantie d'emprunt de la Région, appel à projets VIURE."),
    ("foncier", "Foncier",
     "Trouver un terrain ou un bâtiment, travailler avec sa commune, foncières solidaires."),
    ("vie-de-groupe", "Vie de groupe et gouvernance",
     "Décider ensemble, accueillir de nouveaux foyers, traverser les désaccords."),
    ("architecture", "Architecture et écoconstruction",
     "Programmer les espaces partagés, réhabiliter, construire sobrement."),
    ("annonces", "Annonces",
     "Projets qui cherchent des foyers, foyers qui cherchent un projet."),
    ("le-labo", "Le Labo", "Questions et suggestions sur la plateforme et le Labo."),
]


def create(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    for order, (slug, name, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "sort_order": order,
                # Announces are checked before they go live (they carry contact details).
                "premoderated": slug == "annonces",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_forum")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
