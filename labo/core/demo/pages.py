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
        "<li>l'outil axe-core 4.14 contrôle les règles WCAG 2.1 A et AA sur les 66 modèles de "
        "pages du site public et de l'espace des membres (88 pages ouvertes en visiteur, membre, "
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
        "<p>Cette page dit ce que la plateforme du Labo de l'habitat des communs fait de vos "
        "données personnelles, pourquoi, combien de temps elle les garde et comment exercer vos "
        "droits. Nous collectons le strict nécessaire ; vos données ne sont ni vendues ni "
        "utilisées à des fins publicitaires, et le site ne dépose aucun traceur de mesure "
        "d'audience.</p>"
    ),
    _heading("Qui en est responsable"),
    _paragraph(
        "<p>La <b>CRESS Occitanie</b> (Chambre régionale de l'économie sociale et solidaire), "
        "qui pilote le Labo : Résidence Monserby, 20 rue Rosette, 31500 Toulouse. Pour toute "
        "question sur vos données : "
        '<a href="mailto:labo-habitat@cressoccitanie.org">labo-habitat@cressoccitanie.org</a>.'
        "</p>"
    ),
    _heading("Ce que nous traitons, pourquoi, et sur quelle base"),
    _paragraph(
        "<ul>"
        "<li><b>Votre compte et votre profil</b> (adresse e-mail, nom affiché, structure, "
        "département, présentation, photo) : vous connecter, vous écrire, vous présenter aux "
        "autres membres selon la visibilité que vous choisissez. Base : l'exécution des "
        "conditions d'utilisation que vous acceptez en créant un compte (article 6.1.b du "
        "RGPD).</li>"
        "<li><b>Ce que vous publiez</b> (fiches de projet, messages du forum, réactions, "
        "ressources proposées, messages privés) : le partager avec ceux à qui vous le "
        "destinez. Même base.</li>"
        "<li><b>Vos candidatures</b> à l'appel à projets VIURE et à la garantie d'emprunt "
        "(dossier, documents, échanges, rendez-vous) : les instruire avec la Région Occitanie, "
        "à votre demande. Base : des mesures précontractuelles prises à votre demande "
        "(article 6.1.b).</li>"
        "<li><b>Vos inscriptions aux événements</b>, avec ou sans compte : organiser "
        "l'événement, vous prévenir d'un changement ; la présence notée le jour même sert au "
        "bilan d'activité du Labo, sous forme de nombres. Base : votre demande (article 6.1.b), "
        "puis l'intérêt légitime de la CRESS à rendre compte de son action (article 6.1.f).</li>"
        "<li><b>Les annonces de l'équipe</b> : seulement si vous l'avez demandé dans votre "
        "profil. Base : votre consentement (article 6.1.a), que vous retirez d'un clic dans "
        "chaque annonce.</li>"
        "<li><b>La sécurité et la modération</b> (tentatives de connexion échouées, limites "
        "contre les abus, niveaux de confiance du forum, mesures de modération) : protéger les "
        "membres et le site. Base : l'intérêt légitime (article 6.1.f).</li>"
        "</ul>"
    ),
    _heading("Qui les voit"),
    _paragraph(
        "<ul>"
        "<li>Les autres membres voient ce que vous publiez et votre profil, selon la visibilité "
        "choisie ; jamais votre adresse e-mail.</li>"
        "<li>Une candidature n'est visible que par l'équipe du projet, l'équipe de la CRESS, "
        "les partenaires avec lesquels elle a été partagée (les services de la Région "
        "Occitanie) et les membres du jury qui l'évaluent.</li>"
        "<li>Un message privé n'est lu que par les participants de la conversation. L'équipe de "
        "modération n'en lit une que si l'un d'eux la lui signale, et seulement tant que le "
        "signalement est ouvert.</li>"
        "<li>Les prestataires techniques qui hébergent le site et envoient ses e-mails, liés à "
        "la CRESS par un contrat qui leur interdit tout autre usage.</li>"
        "</ul>"
    ),
    _heading("Combien de temps nous les gardons"),
    _paragraph(
        "<ul>"
        "<li>Compte et profil : tant que le compte existe ; effacés quand vous le supprimez. "
        "Un compte dont l'adresse n'a jamais été confirmée est supprimé au bout de 30 "
        "jours.</li>"
        "<li>Messages du forum et messages privés : tant qu'ils sont en ligne ; à la "
        "suppression de votre compte, ils restent signés « membre supprimé », et une "
        "conversation que tout le monde a quittée est effacée.</li>"
        "<li>Inscription à un événement sans compte : le temps de l'événement, puis un an pour "
        "compter qui est venu ; nom, adresse et réponses sont ensuite effacés. Une demande "
        "jamais confirmée est oubliée sous deux jours.</li>"
        "<li>Notifications : les notifications lues sont supprimées au bout de six mois.</li>"
        "<li>Sessions de connexion : supprimées à leur expiration ; e-mails de compte (liens de "
        "confirmation ou de réinitialisation) : leur texte est effacé dès l'envoi, la trace de "
        "l'envoi trente jours après.</li>"
        "<li>Niveaux de confiance et mesures de modération vous concernant : jusqu'à la "
        "suppression de votre compte.</li>"
        "<li>Candidatures : le temps de l'appel à projets ou du dispositif et des obligations "
        "de la CRESS envers la Région.</li>"
        "</ul>"
        "<p>Ces suppressions sont faites chaque jour, automatiquement.</p>"
    ),
    _heading("Vos droits"),
    _paragraph(
        "<p>Vous pouvez accéder à vos données, les rectifier, les effacer, en obtenir une copie "
        "réutilisable, vous opposer à un traitement fondé sur l'intérêt légitime, en demander "
        "la limitation et retirer votre consentement aux annonces. Le plus simple : "
        "« Télécharger mes données » et « Supprimer mon compte » dans votre profil, où vous "
        "modifiez aussi tout ce que vous avez renseigné. Pour le reste, écrivez à "
        '<a href="mailto:labo-habitat@cressoccitanie.org">labo-habitat@cressoccitanie.org</a> '
        ": nous répondons sous un mois.</p>"
        "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
        "réclamation à la <b>Commission nationale de l'informatique et des libertés</b> (CNIL), "
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, "
        '<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>.</p>'
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
