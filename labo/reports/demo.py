"""The demo's 2025 report narratives: the Labo pages of the CRESS Occitanie's 2025 activity
report, told again in the platform's words, for `/rapport/2025/` in `make demo`."""

from datetime import date

from labo.reports.models import ReportNarrative

YEAR = 2025
EQUIPE = "equipe@labo.test"

NARRATIVES = {
    "projets": (
        "Le Labo de l'habitat des communs est né d'une concertation : en 2024, les acteurs de "
        "l'ESS réunis par la CRESS pour le Plan Habitat Durable de la Région ont demandé une "
        "ingénierie partagée, un réseau qui les fédère et une reconnaissance publique de leurs "
        "projets. L'annuaire de la plateforme, ouvert au lancement, rend ces projets visibles "
        "et permet aux groupes de recruter de nouveaux foyers."
    ),
    "candidatures": (
        "Adopté par la commission permanente de la Région en décembre 2024, l'appel à projets "
        "« VIURE – Nouvelles formes d'habiter » a été accompagné de bout en bout par la CRESS : "
        "18 porteurs de projets ont eu un entretien préalable, 11 ont été reçus en "
        "pré-audition et 3 agoras ont réuni les candidats et les services de la Région. Trois "
        "projets de réhabilitation, inclusifs ou participatifs, ont été retenus pour un "
        "soutien financier, au regard des critères Vivant, Inclusif, Utopique, Résilient, "
        "Esthétique.\n"
        "Côté financement, la délibération du 13 décembre 2024 ouvre la garantie d'emprunt "
        "régionale aux opérations d'habitat des communs portées par l'ESS. La CRESS a mis "
        "cinq porteurs de projets en relation avec les services régionaux ; un premier projet "
        "a obtenu sa garantie, preuve que le dispositif fonctionne."
    ),
    "evenements": (
        "Le 16 septembre 2025, la CRESS a lancé officiellement le Labo à La Cité, à Toulouse, "
        "avec la Région Occitanie, Malakoff Humanis et AG2R La Mondiale : plus de 100 "
        "personnes (porteurs de projets, collectivités, accompagnateurs, financeurs) ont "
        "découvert la plateforme et le programme de rencontres régionales et locales."
    ),
    "membres": (
        "La plateforme, construite avec le développeur CIRIDD après une phase de concertation "
        "avec les partenaires et les futurs utilisateurs, réunit depuis son lancement les "
        "porteurs de projets, les accompagnateurs et les services de la Région."
    ),
}


def demo_narratives(users: dict) -> list[ReportNarrative]:
    made = []
    for section, text in NARRATIVES.items():
        narrative, created = ReportNarrative.objects.get_or_create(
            starts_on=date(YEAR, 1, 1),
            ends_on=date(YEAR, 12, 31),
            section=section,
            defaults={"text": text, "updated_by": users.get(EQUIPE)},
        )
        if created:
            made.append(narrative)
    return made
