from django.db import migrations

PROGRAMMES = [
    {
        "slug": "aap-viure",
        "name": "AAP VIURE – Nouvelles formes d'habiter",
        "kind": "appel",
        "funder": "Région Occitanie",
        "description": "Appel à projets de la Région pour soutenir financièrement les projets "
        "d'habitat des communs, au regard des critères Vivant, Inclusif, Utopique, Résilient, "
        "Esthétique.",
        "stages": [
            ("Candidature reçue", "Candidature envoyée", "initial"),
            ("Entretien préalable", "Entretien préalable avec la CRESS", ""),
            ("Pré-audition", "Pré-audition", ""),
            ("Dossier complet", "Dossier complet", ""),
            ("Instruction Région", "Instruction par la Région", ""),
            ("Retenu", "Projet retenu", "positive"),
            ("Non retenu", "Projet non retenu", "negative"),
            ("Abandon", "Candidature retirée", "withdrawn"),
        ],
        "documents": [
            ("Candidature reçue", "Dossier de candidature", "Le formulaire de l'appel à projets."),
            ("Pré-audition", "Présentation du projet", "Le support présenté en pré-audition."),
            ("Dossier complet", "Plan de financement", "Budget prévisionnel et financements."),
            ("Dossier complet", "Statuts de la structure", "Statuts signés ou projet de statuts."),
        ],
    },
    {
        "slug": "garantie-emprunt",
        "name": "Garantie d'emprunt Région Occitanie",
        "kind": "orientation",
        "funder": "Région Occitanie",
        "description": "Garantie par la Région des prêts des opérations d'habitat des communs "
        "portées par des acteurs de l'ESS (commission permanente du 13 décembre 2024).",
        "stages": [
            ("Demande", "Demande envoyée", "initial"),
            ("Mise en relation avec les services régionaux",
             "Mise en relation avec les services régionaux", ""),
            ("Dossier en instruction", "Dossier en instruction", ""),
            ("Commission permanente", "Passage en commission permanente", ""),
            ("Garantie accordée", "Garantie accordée", "positive"),
            ("Refusée", "Garantie refusée", "negative"),
            ("Abandon", "Demande retirée", "withdrawn"),
        ],
        "documents": [
            ("Dossier en instruction", "Offre de prêt", "L'offre de la banque à garantir."),
            ("Dossier en instruction", "Plan de financement", "Budget de l'opération."),
        ],
    },
]


def create(apps, schema_editor):
    Programme = apps.get_model("projects", "Programme")
    Stage = apps.get_model("projects", "Stage")
    RequiredDocument = apps.get_model("projects", "RequiredDocument")
    Round = apps.get_model("projects", "Round")
    for spec in PROGRAMMES:
        programme, created = Programme.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("name", "kind", "funder", "description")},
        )
        if not created:
            continue
        stages = {}
        for order, (staff_name, carrier_name, flag) in enumerate(spec["stages"]):
            stages[staff_name] = Stage.objects.create(
                programme=programme, sort_order=order, staff_name=staff_name,
                carrier_name=carrier_name, is_initial=flag == "initial",
                is_positive_outcome=flag == "positive", is_negative_outcome=flag == "negative",
                is_withdrawn=flag == "withdrawn",
            )
        for order, (stage_name, name, help_text) in enumerate(spec["documents"]):
            RequiredDocument.objects.create(programme=programme, stage=stages[stage_name],
                                            name=name, help_text=help_text, sort_order=order)
        Round.objects.create(programme=programme, edition="2025", status="ouverte")


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_applications")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
