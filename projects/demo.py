"""Demo projects for `manage.py load_demo`: 30 profiles over the 13 départements of Occitanie,
with their teams, milestones, pictures, journals, and two edits waiting for review."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.text import slugify

from labo.accounts.models import MemberProfile, User
from labo.core.demo.accounts import DEMO_JOINED, demo_user
from labo.core.demo.images import illustration
from projects.choices import ProjectStage
from projects.models import (
    Commune,
    HabitatKind,
    ProjectFollow,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectMembership,
    ProjectMilestone,
    ProjectPage,
    ProjectRole,
    ProjectUpdate,
)

# name, commune, département, stage, legal form, kinds, construction, setting,
# households now / target, dwellings, seeking households, one-line summary
PROJECTS = [
    (
        "Les Toits Partagés du Lauragais",
        "Ramonville-Saint-Agne",
        "31",
        "permis-obtenu",
        "cooperative-habitants",
        ["participatif", "intergenerationnel"],
        "neuf",
        "periurbain",
        9,
        14,
        14,
        True,
        "Quatorze logements en coopérative d'habitants, une salle commune et un "
        "potager au bord du canal du Midi.",
    ),
    (
        "Habitat groupé du Grand Pic",
        "Ganges",
        "34",
        "foncier",
        "scia",
        ["participatif"],
        "renovation",
        "rural",
        5,
        8,
        8,
        True,
        "Une ancienne filature des Cévennes transformée en huit logements et un atelier partagé.",
    ),
    (
        "La Maison des Quatre Saisons",
        "Albi",
        "81",
        "travaux",
        "saa",
        ["inclusif", "partage"],
        "renovation",
        "urbain",
        6,
        10,
        10,
        False,
        "Une maison de maître réhabilitée où vivent "
        "ensemble des personnes âgées et de jeunes actifs.",
    ),
    (
        "Écohameau du Causse",
        "Millau",
        "12",
        "financement",
        "sccc",
        ["ecohameau", "leger"],
        "neuf",
        "rural",
        7,
        12,
        12,
        True,
        "Douze maisons bioclimatiques en bois et paille sur un ancien terrain agricole du Larzac.",
    ),
    (
        "Coop'Habitat Figeac",
        "Figeac",
        "46",
        "groupe",
        "cooperative-habitants",
        ["participatif"],
        "neuf",
        "urbain",
        4,
        10,
        None,
        True,
        "Un groupe qui se forme pour construire en coopérative au cœur de Figeac.",
    ),
    (
        "Les Granges de Gascogne",
        "Auch",
        "32",
        "compromis",
        "sci",
        ["partage"],
        "renovation",
        "rural",
        3,
        6,
        6,
        True,
        "Deux granges gersoises rénovées en six logements autour d'une cour commune.",
    ),
    (
        "Habiter Ensemble en Ariège",
        "Foix",
        "09",
        "habite",
        "association",
        ["inclusif"],
        "renovation",
        "urbain",
        11,
        11,
        9,
        False,
        "Un habitat inclusif de neuf logements où "
        "vivent des personnes en situation de handicap et leurs voisins.",
    ),
    (
        "La Cité Ouverte",
        "Carcassonne",
        "11",
        "permis-depose",
        "scic",
        ["inclusif", "partage"],
        "renovation",
        "urbain",
        5,
        16,
        16,
        True,
        "Un îlot de la Bastide Saint-Louis réhabilité en seize logements solidaires.",
    ),
    (
        "Les Jardins de la Fontaine",
        "Nîmes",
        "30",
        "emmenagement",
        "saa",
        ["participatif"],
        "neuf",
        "urbain",
        12,
        12,
        12,
        False,
        "Douze foyers viennent d'emménager dans un immeuble "
        "conçu ensemble, avec jardin sur le toit.",
    ),
    (
        "Lou Ostal",
        "Mende",
        "48",
        "foncier",
        "association",
        ["intergenerationnel"],
        "renovation",
        "rural",
        4,
        7,
        7,
        True,
        "Une maison de bourg lozérienne pour vieillir ensemble, à deux pas des commerces.",
    ),
    (
        "Hameau des Pyrénées",
        "Tarbes",
        "65",
        "groupe",
        "autre",
        ["ecohameau"],
        "neuf",
        "periurbain",
        6,
        10,
        None,
        True,
        "Des familles bigourdanes cherchent un terrain pour un hameau sobre en énergie.",
    ),
    (
        "Casa Comuna",
        "Perpignan",
        "66",
        "travaux",
        "cooperative-habitants",
        ["participatif", "partage"],
        "renovation",
        "urbain",
        8,
        9,
        9,
        False,
        "Un immeuble du quartier Saint-Jacques rénové par et pour ses habitants.",
    ),
    (
        "La Bastide Partagée",
        "Montauban",
        "82",
        "permis-obtenu",
        "sas",
        ["partage"],
        "neuf",
        "urbain",
        7,
        11,
        11,
        True,
        "Onze logements et une maison commune dans un quartier montalbanais en renouvellement.",
    ),
    (
        "Les Tisserands",
        "Castres",
        "81",
        "financement",
        "scia",
        ["participatif"],
        "renovation",
        "urbain",
        6,
        8,
        8,
        False,
        "Une ancienne usine textile au bord de l'Agout, transformée en huit logements.",
    ),
    (
        "Vivre au Piton",
        "Rodez",
        "12",
        "compromis",
        "saa",
        ["intergenerationnel"],
        "neuf",
        "urbain",
        5,
        9,
        9,
        True,
        "Neuf logements intergénérationnels sur les hauteurs de Rodez.",
    ),
    (
        "L'Îlot du Lot",
        "Cahors",
        "46",
        "habite",
        "cooperative-habitants",
        ["participatif"],
        "renovation",
        "urbain",
        10,
        10,
        10,
        False,
        "Dix foyers vivent depuis trois ans dans cet îlot médiéval rénové.",
    ),
    (
        "Terres de Lodève",
        "Lodève",
        "34",
        "groupe",
        "association",
        ["ecohameau", "leger"],
        "neuf",
        "rural",
        3,
        8,
        None,
        True,
        "Un collectif qui imagine un habitat léger au pied du Larzac.",
    ),
    (
        "Les Mineurs Solidaires",
        "Alès",
        "30",
        "permis-depose",
        "scic",
        ["inclusif"],
        "renovation",
        "urbain",
        4,
        12,
        12,
        True,
        "La réhabilitation d'une ancienne cité minière en logements inclusifs.",
    ),
    (
        "Blanquette et Compagnie",
        "Limoux",
        "11",
        "foncier",
        "sci",
        ["partage"],
        "renovation",
        "rural",
        4,
        6,
        6,
        False,
        "Une cave coopérative désaffectée devenue projet d'habitat partagé.",
    ),
    (
        "Le Moulin d'Ariège",
        "Pamiers",
        "09",
        "financement",
        "sccc",
        ["participatif"],
        "renovation",
        "periurbain",
        6,
        9,
        9,
        True,
        "Un moulin sur l'Ariège transformé en neuf logements et un tiers-lieu.",
    ),
    (
        "Couserans en Commun",
        "Saint-Girons",
        "09",
        "groupe",
        "autre",
        ["intergenerationnel"],
        "neuf",
        "rural",
        3,
        6,
        None,
        True,
        "Des habitants du Couserans réfléchissent à un habitat pour vieillir au pays.",
    ),
    (
        "La Halle de Lectoure",
        "Lectoure",
        "32",
        "permis-obtenu",
        "association",
        ["inclusif"],
        "renovation",
        "rural",
        5,
        7,
        7,
        False,
        "Sept logements inclusifs dans l'ancienne halle aux grains de Lectoure.",
    ),
    (
        "Gave et Toits",
        "Lourdes",
        "65",
        "travaux",
        "saa",
        ["partage"],
        "renovation",
        "urbain",
        7,
        10,
        10,
        False,
        "Un ancien hôtel reconverti en dix logements partagés.",
    ),
    (
        "Canigó Viu",
        "Prades",
        "66",
        "compromis",
        "cooperative-habitants",
        ["ecohameau"],
        "neuf",
        "rural",
        5,
        8,
        8,
        True,
        "Huit maisons au pied du Canigou, construites en pierre et en bois local.",
    ),
    (
        "Les Cerisiers de Céret",
        "Céret",
        "66",
        "emmenagement",
        "sci",
        ["intergenerationnel"],
        "neuf",
        "periurbain",
        9,
        9,
        9,
        False,
        "Neuf foyers de trois générations réunis autour d'un verger.",
    ),
    (
        "Le Chasselas Partagé",
        "Moissac",
        "82",
        "foncier",
        "scia",
        ["participatif"],
        "neuf",
        "rural",
        4,
        7,
        7,
        True,
        "Sept logements au milieu des vignes de chasselas, avec une chambre d'amis commune.",
    ),
    (
        "Roquefort Ensemble",
        "Saint-Affrique",
        "12",
        "groupe",
        "association",
        ["inclusif"],
        "renovation",
        "rural",
        4,
        8,
        None,
        True,
        "Un groupe qui veut ouvrir un habitat inclusif dans le Sud-Aveyron.",
    ),
    (
        "La Margeride Habitée",
        "Marvejols",
        "48",
        "permis-depose",
        "scic",
        ["partage"],
        "renovation",
        "rural",
        3,
        6,
        6,
        True,
        "Six logements dans une ancienne gendarmerie.",
    ),
    (
        "Le Vigan Coopératif",
        "Le Vigan",
        "30",
        "financement",
        "cooperative-habitants",
        ["participatif", "ecohameau"],
        "neuf",
        "rural",
        6,
        9,
        9,
        False,
        "Neuf logements passifs et une buanderie partagée au cœur des Cévennes.",
    ),
    (
        "Maisons du Quercy",
        "Gourdon",
        "46",
        "habite",
        "saa",
        ["partage", "intergenerationnel"],
        "renovation",
        "rural",
        8,
        8,
        8,
        False,
        "Huit foyers dans un ensemble de maisons quercynoises restaurées.",
    ),
]

DESCRIPTIONS = [
    "Notre groupe s'est constitué autour d'une envie simple : vivre mieux en partageant plus. "
    "Nous nous retrouvons chaque mois pour avancer sur le projet, avec l'appui d'un "
    "accompagnateur spécialisé.",
    "Les espaces communs sont au cœur du projet : une salle pour les repas et les fêtes, une "
    "buanderie, un atelier de bricolage et une chambre d'amis que nous partageons.",
    "Nous tenons à un habitat abordable : une partie des logements est réservée à des foyers "
    "aux revenus modestes, grâce à un montage avec un bailleur solidaire.",
]


# The demo projects' pictures: a scene and what it shows, in turn.
PROJECT_SCENES = [
    ("village", "des maisons colorées au bord d'un village"),
    ("collective", "un immeuble aux balcons fleuris entre deux arbres"),
    ("garden", "des voisins au travail dans un potager partagé"),
]


def _demo_referent(index: int, project_name: str) -> User:
    user = demo_user(
        email=f"referent.projet{index:02d}@labo.test",
        display_name=f"Équipe {project_name}"[:80],
    )
    MemberProfile.objects.get_or_create(user=user)
    return user


def _milestones(stage: str, today: date) -> list[ProjectMilestone]:
    rank = ProjectStage.rank(stage)
    return [
        ProjectMilestone(
            stage=value, date=today - timedelta(days=120 * (rank - i) + 30), sort_order=i
        )
        for i, value in enumerate(ProjectStage.values[: rank + 1])
    ]


def demo_projects(users: dict[str, User]) -> list[ProjectPage]:
    index = ProjectIndexPage.objects.live().first()
    kinds = {kind.slug: kind for kind in HabitatKind.objects.all()}
    today = timezone.localdate()
    projects = []
    for i, spec in enumerate(PROJECTS):
        (
            name,
            commune_name,
            dep,
            stage,
            form,
            kind_slugs,
            construction,
            setting,
            now,
            target,
            dwellings,
            seeking,
            summary,
        ) = spec
        existing = ProjectPage.objects.filter(title=name).first()
        if existing:
            projects.append(existing)
            continue
        commune = Commune.objects.get(name=commune_name, departement=dep)
        scene = PROJECT_SCENES[i % len(PROJECT_SCENES)]
        picture = illustration(f"{name} – vue du projet", scene=scene[0], seed=i)
        page = ProjectPage(
            title=name,
            summary=summary,
            description="".join(f"<p>{DESCRIPTIONS[(i + k) % 3]}</p>" for k in range(2)),
            commune=commune,
            departement=dep,
            stage=stage,
            legal_form=form,
            construction=construction,
            setting=setting,
            households_now=now,
            households_target=target,
            dwellings=dwellings,
            seeking_households=seeking,
            households_profile_sought=(
                "Des familles avec enfants et des personnes seules, prêtes à s'impliquer dans "
                "la vie du groupe."
                if seeking
                else ""
            ),
            next_info_meeting=(
                timezone.now().replace(hour=18, minute=30, second=0, microsecond=0)
                + timedelta(days=10 + i)
                if seeking
                else None
            ),
            next_info_meeting_place="Salle des fêtes de la mairie" if seeking else "",
            shared_spaces="Salle commune, buanderie, jardin potager, chambre d'amis",
            tenure="parts" if form == "cooperative-habitants" else "propriete",
            viure_vivant_level=3 + i % 3,
            viure_vivant_text="Une vie de quartier ouverte.",
            viure_inclusif_level=2 + i % 4,
            viure_inclusif_text="Des logements accessibles et des loyers modérés.",
            viure_utopique_level=3,
            viure_utopique_text="Décider ensemble, au consentement.",
            viure_resilient_level=2 + i % 3,
            viure_resilient_text="Matériaux biosourcés, récupération de l'eau de pluie.",
            viure_esthetique_level=3,
            viure_esthetique_text="Une architecture sobre, à l'échelle du lieu.",
            last_confirmed_at=today - timedelta(days=40 * i) if i % 5 else None,
        )
        page.slug = slugify(name)
        page.milestones = _milestones(stage, today)
        page.gallery_images = [
            ProjectGalleryImage(
                image=picture,
                alt_text=f"Dessin du projet {name} : {scene[1]}",
                sort_order=0,
            )
        ]
        index.add_child(instance=page)
        page.habitat_kinds.set([kinds[slug] for slug in kind_slugs])
        page.tags.add("habitat des communs", "Occitanie")
        page.save_revision().publish()
        # In the directory since the Labo's launch, one profile every other day (the order of
        # the pages, so of « récents », stays the same).
        ProjectPage.objects.filter(pk=page.pk).update(
            first_published_at=DEMO_JOINED + timedelta(days=2 * i)
        )
        referent = (
            users["porteur.a@labo.test"]
            if i == 0
            else users["porteur.b@labo.test"]
            if i == 1
            else _demo_referent(i, name)
        )
        ProjectMembership.objects.get_or_create(
            project=page, user=referent, defaults={"role": ProjectRole.REFERENT}
        )
        if i % 3 == 0:
            ProjectUpdate.objects.create(
                project=page,
                author=referent,
                date=today - timedelta(days=15),
                title="Réunion publique réussie",
                text="Plus de trente personnes sont venues découvrir le projet samedi. Merci "
                "à toutes et à tous : trois nouveaux foyers nous ont rejoints !",
            )
        projects.append(page)

    ProjectFollow.objects.get_or_create(user=users["membre@labo.test"], project=projects[0])
    _pending_edits(projects)
    return projects


def _pending_edits(projects: list[ProjectPage]) -> None:
    """Two teams have sent changes that the CRESS team has not reviewed yet."""
    for project, summary in [
        (
            projects[2],
            "Une maison de maître réhabilitée où vivent ensemble des personnes âgées, "
            "de jeunes actifs et une famille accueillante.",
        ),
        (
            projects[3],
            "Douze maisons en bois et paille, et désormais une serre partagée, sur "
            "un ancien terrain agricole du Larzac.",
        ),
    ]:
        project.refresh_from_db()
        if project.current_workflow_state is not None:
            continue
        referent = project.memberships.get(role=ProjectRole.REFERENT).user
        draft = project.get_latest_revision_as_object()
        draft.summary = summary
        draft.save_revision(user=referent)
        project.get_workflow().start(project, referent)
