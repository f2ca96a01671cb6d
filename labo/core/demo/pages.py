"""The demo page tree: the home page, the Labo's editorial pages and one index page per
section of the public contract (/projets/, /ressources/, /agenda/), as the apps registered
them (labo.core.demo.registry)."""

from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, Site

from labo.core.demo import registry
from labo.core.models import HomePage, NavigationSettings, SiteSettings, StandardPage

KEY_FIGURES = [
    ("100+", "participants au lancement du Labo, le 16 septembre 2025 à La Cité (Toulouse)"),
    ("18", "entretiens préalables avec des candidats à l'appel à projets VIURE"),
    ("11", "pré-auditions et 3 agoras avec les services de la Région"),
    ("3", "projets retenus par l'appel à projets VIURE en 2025"),
    ("5", "porteurs mis en relation avec la Région pour une garantie d'emprunt"),
    ("13", "départements d'Occitanie, un même réseau"),
]


def _paragraph(html: str):
    return ("paragraph", html)


def _heading(text: str, level: str = "h2"):
    return ("heading", {"text": text, "level": level})


LE_LABO_BODY = [
    _heading("Pourquoi un Labo ?"),
    _paragraph(
        "<p>Habiter autrement, à plusieurs, en partageant des espaces et des décisions : en "
        "Occitanie, des dizaines de groupes s'y essaient. Lors de la concertation menée par la "
        "CRESS pour le Plan Habitat Durable de la Région, les acteurs de l'ESS ont nommé trois "
        "besoins : une <b>ingénierie partagée et durable</b>, un <b>réseau qui fédère</b> les "
        "projets, et une <b>reconnaissance publique</b> de ce qu'ils apportent aux territoires.</p>"
    ),
    _paragraph(
        "<p>La Région Occitanie a décidé en commission permanente, en décembre 2024, de lancer le "
        "Labo de l'habitat des communs. La CRESS Occitanie le pilote, avec le soutien de Malakoff "
        "Humanis et d'AG2R La Mondiale. Il a été lancé officiellement le 16 septembre 2025 à La "
        "Cité, à Toulouse, devant plus de 100 personnes.</p>"
    ),
    _heading("Ce que vous y trouvez"),
    _paragraph(
        "<ul><li>un annuaire des projets d'habitat participatif, partagé et inclusif ;</li>"
        "<li>une bibliothèque de guides, de modèles et d'études ;</li>"
        "<li>un agenda de rencontres régionales et locales ;</li>"
        "<li>un forum pour s'entraider entre porteurs de projets ;</li>"
        "<li>le suivi de vos candidatures à l'appel à projets VIURE et à la garantie d'emprunt "
        "régionale.</li></ul>"
    ),
    (
        "quote",
        {
            "text": "Vivant, Inclusif, Utopique, Résilient, Esthétique : cinq critères pour des "
            "manières d'habiter qui font du bien aux gens et aux territoires.",
            "attribution": "Les critères de l'appel à projets VIURE",
        },
    ),
]

CHARTE_BODY = [
    _paragraph(
        "<p>Le Labo est un espace d'entraide. En créant un compte, chacun et chacune s'engage "
        "à :</p><ul><li>partager ses expériences avec bienveillance, réussites comme "
        "difficultés ;</li><li>respecter la confidentialité des projets et des personnes ;</li>"
        "<li>ne pas utiliser le forum pour de la prospection commerciale ;</li><li>signaler à "
        "la modération tout message qui ne respecte pas ces règles.</li></ul>"
    ),
]

MENTIONS_BODY = [
    _paragraph(
        "<p>Éditeur : Chambre Régionale de l'Économie Sociale et Solidaire (CRESS) Occitanie, "
        "Résidence Monserby, 20 rue Rosette, 31500 Toulouse. Site de Montpellier : 461 rue de "
        "la Métairie de Saysset, 34070 Montpellier.</p>"
    ),
    _paragraph(
        "<p>Les contenus publiés par les porteurs de projets et les membres restent sous leur "
        "responsabilité ; l'équipe du Labo les relit avant publication.</p>"
    ),
]

ACCESSIBILITE_BODY = [
    _paragraph(
        "<p>La CRESS Occitanie s'engage à rendre la plateforme du Labo de l'habitat des communs "
        "accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. "
        "Cette déclaration s'applique au site public et à l'espace des membres ; l'interface "
        "d'administration réservée à l'équipe de la CRESS n'en fait pas partie.</p>"
        "<h2>État de conformité</h2>"
        "<p>Le site est <strong>partiellement conforme</strong> au référentiel général "
        "d'amélioration de l'accessibilité (RGAA 4.1), fondé sur les WCAG 2.1 niveau AA : il "
        "n'a pas encore fait l'objet d'un audit complet par un organisme indépendant, que la "
        "CRESS prévoit de commander.</p>"
    ),
    _paragraph(
        "<h2>Résultats des tests</h2>"
        "<p>À chaque modification du site, une batterie de tests automatiques vérifie "
        "l'accessibilité dans un vrai navigateur (Chromium) :</p>"
        "<ul>"
        "<li>l'outil axe-core 4.14 contrôle les règles WCAG 2.1 A et AA sur les 63 modèles de "
        "pages du site public et de l'espace des membres (85 pages ouvertes en visiteur, membre, "
        "porteur de projet, membre du jury, modérateur et équipe de la CRESS, puis regardées "
        "sur un écran de téléphone de 390 pixels) : <strong>0 erreur</strong> au 7 décembre "
        "2026 ;</li>"
        "<li>quatre parcours sont réalisés au clavier seul, sans souris : créer un compte, "
        "modifier la fiche d'un projet, s'inscrire à un événement, répondre dans le forum.</li>"
        "</ul>"
        "<p>Les outils automatiques ne détectent qu'une partie des problèmes : la pertinence "
        "des textes alternatifs, l'ordre de lecture ou la clarté des consignes demandent un "
        "regard humain, d'où l'audit prévu.</p>"
    ),
    _paragraph(
        "<h2>Contenus non accessibles</h2>"
        "<ul>"
        "<li>La carte des projets n'est pas utilisable au clavier ni avec un lecteur d'écran. "
        "La liste des projets, juste à côté, donne les mêmes informations avec les mêmes "
        "filtres.</li>"
        "<li>Certains documents de la bibliothèque (PDF) sont produits par nos partenaires et "
        "peuvent ne pas être accessibles. Sur demande, nous vous les transmettons sous une autre "
        "forme.</li>"
        "</ul>"
        "<h2>Établissement de cette déclaration</h2>"
        "<p>Déclaration établie le 27 novembre 2026. Technologies utilisées : HTML5, CSS, "
        "JavaScript (le site reste utilisable sans JavaScript). Environnement de test : "
        "Chromium 156 ; outils : axe-core 4.14, parcours clavier automatisés.</p>"
    ),
    _paragraph(
        "<h2>Retour d'information et contact</h2>"
        "<p>Un contenu ou un service vous est inaccessible ? Écrivez-nous à "
        '<a href="mailto:labo@cress-occitanie.org">labo@cress-occitanie.org</a> : nous vous '
        "apporterons l'information sous une autre forme et corrigerons le site.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous nous avez signalé un défaut qui vous empêche d'accéder à un contenu ou à un "
        "service et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le "
        "Défenseur des droits : par le formulaire en ligne de son site, en contactant le "
        "délégué de votre région, ou par courrier gratuit, sans affranchissement, à l'adresse "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    ),
]

DONNEES_BODY = [
    _paragraph(
        "<p>Nous collectons le strict nécessaire : votre adresse e-mail pour vous connecter et "
        "vous écrire, le nom que vous choisissez d'afficher et ce que vous publiez. Vos données "
        "ne sont ni vendues ni utilisées à des fins publicitaires ; le site ne dépose aucun "
        "traceur de mesure d'audience.</p>"
    ),
    _paragraph(
        "<p>Les dossiers de candidature ne sont visibles que par l'équipe du projet, l'équipe "
        "de la CRESS et les partenaires avec lesquels le dossier a été partagé.</p>"
    ),
    _paragraph(
        "<p>Pour vous inscrire à un événement sans compte, nous gardons votre nom, votre adresse "
        "e-mail et vos réponses le temps de l'événement, puis un an pour compter qui est venu ; "
        "ils sont ensuite effacés. Une demande jamais confirmée est oubliée sous deux jours. "
        "Chaque e-mail d'inscription contient un lien pour annuler.</p>"
    ),
    _paragraph(
        "<p>Au forum, nous comptons les jours où vous venez et le nombre de messages que vous "
        "avez lus, pour lever les limites des nouveaux comptes (les « niveaux de confiance ») ; "
        "seule l'équipe de modération voit ce niveau. Si un modérateur prend une mesure à votre "
        "égard (silence ou suspension), sa date, sa durée et son motif vous sont envoyés et "
        "restent dans le journal de modération jusqu'à la suppression de votre compte. Tout "
        "cela figure dans « Télécharger mes données ».</p>"
    ),
    _paragraph(
        "<p>Vos messages privés ne sont lus que par les participants de la conversation. "
        "L'équipe de modération n'en lit une que si l'un d'eux la lui signale, et seulement "
        "tant que le signalement est ouvert. Si vous supprimez votre compte, vos messages "
        "restent dans les conversations, signés « membre supprimé » ; une conversation que "
        "tout le monde a quittée est effacée.</p>"
    ),
    _paragraph(
        "<p>Les annonces de l'équipe du Labo ne vous parviennent que si vous l'avez demandé "
        "(« Recevoir les annonces » dans votre profil) ; chaque annonce contient un lien pour "
        "arrêter, et nous ne comptons pas les clics sur leurs liens.</p>"
    ),
    _paragraph(
        "<p>Un compte dont l'adresse n'a jamais été confirmée est supprimé au bout de 30 jours ; "
        "les notifications lues le sont au bout de six mois.</p>"
    ),
]

STANDARD_PAGES = [
    (
        "le-labo",
        "Le Labo",
        "Un programme de la CRESS Occitanie pour faire grandir l'habitat "
        "participatif, partagé et inclusif en Occitanie.",
        LE_LABO_BODY,
        True,
    ),
    ("charte", "Charte", "Les engagements que prennent les membres du Labo.", CHARTE_BODY, False),
    ("mentions-legales", "Mentions légales", "Qui édite ce site.", MENTIONS_BODY, False),
    (
        "accessibilite",
        "Accessibilité",
        "Déclaration d'accessibilité de la plateforme.",
        ACCESSIBILITE_BODY,
        False,
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Ce que nous faisons de vos données.",
        DONNEES_BODY,
        False,
    ),
]


def _publish_new(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def home_page(hero_image) -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's initial "Welcome" page holds the slug "home": our home page replaces it.
    for page in root.get_children().exclude(content_type__model="homepage"):
        page.delete()
    home = HomePage(
        title="Accueil",
        slug="accueil",
        hero_title="Habiter ensemble, en Occitanie : le Labo de l'habitat des communs",
        hero_text="<p>Le lieu où les porteurs de projets d'habitat <b>participatif, partagé "
        "et inclusif</b> se rencontrent, apprennent et font avancer leurs projets, avec la "
        "CRESS Occitanie et la Région.</p>",
        intro="Un programme lancé le 16 septembre 2025 à La Cité, à Toulouse.",
        hero_image=hero_image,
        key_figures=[("figure", {"value": v, "label": label}) for v, label in KEY_FIGURES],
        seo_title="Labo de l'habitat des communs – CRESS Occitanie",
        search_description="Projets, ressources, agenda et forum de l'habitat participatif, "
        "partagé et inclusif en Occitanie.",
    )
    _publish_new(root, home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Labo de l'habitat des communs",
        )
    else:
        site.root_page = home
        site.site_name = "Labo de l'habitat des communs"
        site.save()
    return home


def standard_pages(home: HomePage, illustration) -> dict[str, Page]:
    pages = {}
    for slug, title, intro, body, show_in_menus in STANDARD_PAGES:
        existing = home.get_children().filter(slug=slug).first()
        if existing:
            pages[slug] = existing.specific
            continue
        blocks = list(body)
        if slug == "le-labo":
            image_value = ImageBlock().normalize(illustration)
            image_value.contextual_alt_text = (
                "Dessin : des maisons colorées alignées autour d'un jardin partagé"
            )
            image_value.decorative = False
            blocks.insert(2, ("image", image_value))
        page = StandardPage(
            title=title, slug=slug, intro=intro, body=blocks, show_in_menus=show_in_menus
        )
        pages[slug] = _publish_new(home, page)
    return pages


def section_pages(home: HomePage) -> dict[str, Page]:
    """The index page of each section the apps registered (labo.core.demo.registry)."""
    pages = {}
    for section in registry.section_pages:
        existing = section.model.objects.child_of(home).first()
        pages[section.name] = existing or _publish_new(
            home,
            section.model(
                title=section.title, slug=section.name, intro=section.intro, show_in_menus=True
            ),
        )
    return pages


def site_settings(home: HomePage, pages: dict[str, Page], logos: dict) -> None:
    site = home.get_site()
    settings = SiteSettings.for_site(site)
    if not settings.contact_email:
        settings.contact_email = "labo-habitat@cressoccitanie.org"
        settings.addresses = [
            (
                "address",
                {
                    "name": "Siège social, Toulouse",
                    "address": "Résidence Monserby\n20 rue Rosette\n31500 Toulouse",
                },
            ),
            (
                "address",
                {
                    "name": "Site de Montpellier",
                    "address": "461 rue de la Métairie de Saysset\n34070 Montpellier",
                },
            ),
        ]
        settings.cress_website = "https://www.cressoccitanie.org"
        settings.labo_website = "https://www.cressoccitanie.org"
        settings.social_links = [
            (
                "link",
                {
                    "label": "LinkedIn de la CRESS Occitanie",
                    "page": None,
                    "url": "https://www.linkedin.com/company/cress-occitanie",
                },
            ),
        ]
        settings.footer_partners = [
            ("partner", {"name": name, "url": url, "logo": logos.get(name)})
            for name, url in [
                ("Région Occitanie", "https://www.laregion.fr"),
                ("Malakoff Humanis", "https://www.malakoffhumanis.com"),
                ("AG2R La Mondiale", "https://www.ag2rlamondiale.fr"),
            ]
        ]
        settings.footer_links = [
            ("link", {"label": title, "page": pages[slug], "url": ""})
            for slug, title in [
                ("charte", "Charte"),
                ("mentions-legales", "Mentions légales"),
                ("accessibilite", "Accessibilité : partiellement conforme"),
                ("donnees-personnelles", "Données personnelles"),
            ]
        ]
        settings.save()

    navigation = NavigationSettings.for_site(site)
    if not navigation.main_menu:
        navigation.main_menu = [
            *(
                ("link", {"label": section.title, "page": pages[section.name], "url": ""})
                for section in registry.section_pages
            ),
            ("link", {"label": "Forum", "page": None, "url": "/forum/"}),
            ("link", {"label": "Le Labo", "page": pages["le-labo"], "url": ""}),
        ]
        navigation.save()
