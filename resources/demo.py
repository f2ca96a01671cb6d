"""Demo library for `manage.py load_demo`: 40 resources across every type and theme, with
generated PDF and DOCX files whose text holds words found nowhere else (so that searching them
proves the extraction), 5 members-only resources."""

from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from labo.core.demo.accounts import DEMO_JOINED
from labo.core.demo.images import illustration
from resources.choices import Audience, ResourceType
from resources.models import (
    ResourceDocument,
    ResourceIndexPage,
    ResourcePage,
    ResourceStage,
    ResourceTheme,
)
from resources.services import resource_propose

# title, type, themes, stages, year, source, words only inside the attached file
RESOURCES = [
    (
        "Kaléidoscope Habitat & ESS",
        "etude",
        ["politiques-publiques", "accompagnement"],
        ["groupe"],
        2025,
        "CRESS Occitanie",
        "kaleidoscope mosaique filiere",
    ),
    (
        "Les foncières solidaires : synthèse",
        "etude",
        ["foncier", "financement"],
        ["foncier"],
        2025,
        "CRESS Occitanie",
        "demembrement emphyteotique",
    ),
    (
        "Choisir sa forme juridique : SCIA, SAA, coopérative",
        "guide",
        ["montage-juridique"],
        ["groupe", "foncier"],
        2024,
        "Habitat Participatif France",
        "attribution jouissance",
    ),
    (
        "Modèle de statuts de coopérative d'habitants",
        "modele",
        ["montage-juridique"],
        ["compromis"],
        2023,
        "Coordin'Action",
        "clause agrement sociétaire",
    ),
    (
        "Garantie d'emprunt de la Région : mode d'emploi",
        "fiche-pratique",
        ["financement", "politiques-publiques"],
        ["financement"],
        2025,
        "Région Occitanie",
        "deliberation quotite",
    ),
    (
        "Monter un plan de financement",
        "guide",
        ["financement"],
        ["financement"],
        2024,
        "France Active Airdie-Occitanie",
        "pret relais apport",
    ),
    (
        "Trouver un terrain avec sa commune",
        "fiche-pratique",
        ["foncier", "politiques-publiques"],
        ["foncier"],
        2024,
        "CRESS Occitanie",
        "preemption bail",
    ),
    (
        "Décider au consentement",
        "outil",
        ["gouvernance"],
        ["groupe"],
        2023,
        "Université du Nous",
        "objection sociocratie",
    ),
    (
        "Charte de vie d'un habitat groupé",
        "modele",
        ["gouvernance"],
        ["emmenagement", "habite"],
        2022,
        "Habitat groupé du Grand Pic",
        "tour de parole",
    ),
    (
        "Construire en paille porteuse",
        "guide",
        ["architecture"],
        ["travaux"],
        2024,
        "Réseau Français de la Construction Paille",
        "bottes densite",
    ),
    (
        "Réhabiliter un bâtiment ancien sobrement",
        "guide",
        ["architecture"],
        ["travaux", "permis-depose"],
        2025,
        "CAUE",
        "inertie enduit chaux",
    ),
    (
        "Retour d'expérience : La Maison des Quatre Saisons",
        "temoignage",
        ["accompagnement", "gouvernance"],
        ["habite"],
        2025,
        "La Maison des Quatre Saisons",
        "cohabitation solidaire",
    ),
    (
        "Vidéo : le lancement du Labo à La Cité",
        "video",
        ["accompagnement"],
        ["groupe"],
        2025,
        "CRESS Occitanie",
        "lancement",
    ),
    (
        "Annuaire des accompagnateurs en Occitanie",
        "lien",
        ["accompagnement"],
        ["groupe"],
        2025,
        "CRESS Occitanie",
        "accompagnateur",
    ),
]


# The demo resources' pictures: a scene and what it shows.
RESOURCE_SCENES = [
    ("documents", "une pile de documents, une fiche et un graphique sur un bureau"),
    ("workshop", "un groupe réuni devant un tableau de notes"),
    ("documents", "des feuilles annotées et un diagramme en barres"),
]


def _pdf(title: str, words: str) -> bytes:
    """A one-page fiche laid out as the Labo's would be (a band, the title, the text, a box to
    remember), so that its preview looks like a document and not like a blank page."""
    from fpdf import FPDF  # noqa: PLC0415 (demo loader only: not in the web processes)

    def latin(text: str) -> str:
        return text.encode("latin-1", "replace").decode("latin-1")

    document = FPDF()
    document.set_margins(15, 15, 15)
    document.add_page()
    document.set_fill_color(138, 44, 13)  # the site's terracotta
    document.rect(0, 0, 210, 28, style="F")
    document.set_text_color(255, 255, 255)
    document.set_font("Helvetica", style="B", size=11)
    document.set_xy(15, 10)
    document.cell(text=latin("Labo de l'habitat des communs · CRESS Occitanie"))
    document.set_text_color(29, 36, 48)
    document.set_font("Helvetica", style="B", size=24)
    document.set_xy(15, 40)
    document.multi_cell(180, 11, latin(title), align="L", new_x="LMARGIN", new_y="NEXT")
    document.set_font("Helvetica", size=12)
    document.ln(6)
    document.multi_cell(
        180,
        7,
        latin(
            "Document de démonstration du Labo de l'habitat des communs. "
            f"Mots repères : {words}.\n\n"
            "Cette fiche montre comment une ressource du Labo se présente : un titre, "
            "quelques repères, une marche à suivre et ce qu'il faut retenir."
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.ln(6)
    document.set_font("Helvetica", style="B", size=15)
    document.cell(text=latin("Pour s'en servir"), new_x="LMARGIN", new_y="NEXT")
    document.ln(3)
    document.set_font("Helvetica", size=12)
    for number, step in enumerate(
        (
            "La lire à plusieurs.",
            "Noter les questions qu'elle soulève.",
            "Les poser à l'équipe du Labo.",
            "Y revenir à chaque étape.",
        ),
        start=1,
    ):
        document.multi_cell(
            180, 8, latin(f"{number}. {step}"), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    document.ln(8)
    document.set_fill_color(246, 241, 232)  # the site's sand
    document.set_font("Helvetica", style="B", size=12)
    document.multi_cell(
        180,
        10,
        latin("À retenir : une question ? Écrivez au Labo."),
        fill=True,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(document.output())


def _docx(title: str, words: str) -> bytes:
    from docx import Document  # noqa: PLC0415 (demo loader only: not in the web processes)

    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(f"Modèle à adapter. Mots repères : {words}.")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _collection(name: str, members_only: bool) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    if (
        members_only
        and not CollectionViewRestriction.objects.filter(collection=collection).exists()
    ):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def _specs():
    """The 14 named resources, then 26 more variations so that every facet has values."""
    themes = [
        "montage-juridique",
        "financement",
        "foncier",
        "gouvernance",
        "architecture",
        "accompagnement",
        "politiques-publiques",
    ]
    types = [t for t, _label in ResourceType.choices]
    extra = []
    for i in range(26):
        theme = themes[i % len(themes)]
        extra.append(
            (
                f"Fiche n° {i + 1} : {ResourceTheme.objects.get(slug=theme).name.lower()}",
                types[i % len(types)],
                [theme],
                [["groupe", "foncier", "financement", "travaux", "habite"][i % 5]],
                2021 + i % 5,
                "CRESS Occitanie",
                f"repere{i + 1}",
            )
        )
    return RESOURCES + extra


def demo_resources() -> list[ResourcePage]:
    index = ResourceIndexPage.objects.live().first()
    themes = {t.slug: t for t in ResourceTheme.objects.all()}
    Document = get_document_model()
    public_docs = _collection("Ressources", members_only=False)
    member_docs = _collection("Ressources réservées aux membres", members_only=True)
    pages = []
    for i, (title, kind, theme_slugs, stages, year, source, words) in enumerate(_specs()):
        existing = ResourcePage.objects.filter(title=title).first()
        if existing:
            pages.append(existing)
            continue
        members_only = i in (3, 8, 15, 22, 29)
        page = ResourcePage(
            title=title,
            slug=slugify(title)[:80],
            resource_type=kind,
            year=year,
            source_organisation=source,
            audience=Audience.CARRIERS,
            summary=f"{title} : une ressource pour avancer sur votre projet.",
            body=[
                (
                    "paragraph",
                    f"<p>Pourquoi la lire : {title.lower()}. Cette ressource "
                    "rassemble l'essentiel, avec des exemples d'Occitanie.</p>",
                )
            ],
            licence="CC BY-SA 4.0" if i % 2 else "Tous droits réservés",
            external_url="https://www.cressoccitanie.org" if kind == "lien" else "",
        )
        scene, shows = RESOURCE_SCENES[i % len(RESOURCE_SCENES)]
        page.cover_image = illustration(f"{title} – illustration", scene=scene, seed=100 + i)
        page.cover_alt = f"Dessin : {shows}"
        page.stages = [ResourceStage(stage=stage) for stage in stages]
        if kind not in ("lien", "video"):
            data, extension = (
                (_docx(title, words), "docx") if kind == "modele" else (_pdf(title, words), "pdf")
            )
            document = Document(
                title=title, collection=member_docs if members_only else public_docs
            )
            document.file = ContentFile(data, name=f"{slugify(title)[:60]}.{extension}")
            # Wagtail measures an upload in its forms; a file saved here says its size itself.
            document.file_size = len(data)
            document.save()
            page.documents = [ResourceDocument(document=document)]
        index.add_child(instance=page)
        page.themes.set([themes[slug] for slug in theme_slugs])
        page.save_revision().publish()
        # The library opened with the Labo: one resource a day from the launch (in the same
        # order as they are made, so « récentes » does not change).
        ResourcePage.objects.filter(pk=page.pk).update(
            first_published_at=DEMO_JOINED + timedelta(days=i)
        )
        if members_only:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        pages.append(page)
    return pages


PROPOSALS = [
    (
        "Tableau de suivi des apports des foyers",
        "outil",
        "financement",
        "Un tableur pour suivre les apports de chaque foyer et le reste à financer.",
    ),
    (
        "Compte rendu : visite d'un habitat groupé en Ariège",
        "temoignage",
        "gouvernance",
        "Ce que nous avons appris en visitant un habitat groupé qui vit depuis dix ans.",
    ),
]


def demo_proposals(users: dict) -> None:
    """Two proposals by membre@labo.test waiting for review (links only: no file to host)."""
    for title, kind, theme, summary in PROPOSALS:
        if ResourcePage.objects.filter(title=title).exists():
            continue
        resource_propose(
            user=users["membre@labo.test"],
            title=title,
            summary=summary,
            resource_type=kind,
            themes=[ResourceTheme.objects.get(slug=theme)],
            external_url="https://www.cressoccitanie.org",
        )
