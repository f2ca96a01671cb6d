"""Demo agenda for `manage.py load_demo`: 12 events from the Labo's 2025 story and its year to
come. Past events keep their real dates (the launch at La Cité on 16 September 2025, the three
agoras of the VIURE call); upcoming ones are dated from the day the demo is loaded, and moved
forward when it is loaded again later, so the agenda always has events to register for: six
with free seats and a full one whose waiting list is open (the "Café des porteurs")."""

import zlib
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.choices import EventFormat, EventScope, QuestionKind, RegistrationStatus
from events.models import (
    AnnouncedSchedule,
    EventIndexPage,
    EventOrganiser,
    EventPage,
    EventPhoto,
    Registration,
    RegistrationQuestion,
)
from labo.core.demo.images import illustration as illustration_of
from projects.models import AppointmentKind, Commune, Meeting, Programme
from resources.models import ResourcePage, ResourceTheme

CRESS = ("CRESS Occitanie", "organisateur", "https://www.cressoccitanie.org")
REGION = ("Région Occitanie", "partenaire", "https://www.laregion.fr")
SPONSORS = [
    ("Malakoff Humanis", "partenaire", ""),
    ("AG2R La Mondiale", "partenaire", ""),
]
ACCESSIBILITY = ("Avez-vous des besoins d'accessibilité ?", QuestionKind.SHORT_TEXT, False)
PROJECT = ("Le nom de votre projet (si vous en portez un)", QuestionKind.SHORT_TEXT, False)
FIRST_TIME = ("C'est votre première rencontre du Labo", QuestionKind.CHECKBOX, False)

VISIO = "https://visio.labo-habitat-communs.example/"


# The demo events' pictures: a scene and what it shows.
EVENT_SCENES = [
    ("meeting", "un cercle de chaises et des personnes qui échangent en plein air"),
    ("workshop", "un atelier autour d'un tableau couvert de notes"),
]


def _paragraph(text: str):
    return ("paragraph", f"<p>{text}</p>")


def _session(start: str, end: str, title: str, speakers: str = "", day: date | None = None):
    return (
        "session",
        {
            "day": day,
            "starts_at": time.fromisoformat(start),
            "ends_at": time.fromisoformat(end) if end else None,
            "title": title,
            "speakers": speakers,
            "description": "",
        },
    )


def _at(day: date, hour: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hour)))


def _specs(today: date) -> list[dict]:
    """Each event; `relative` ones get their dates from today."""

    def soon(days: int) -> date:
        return today + timedelta(days=days)

    return [
        {
            "slug": "lancement-du-labo-a-la-cite",
            "title": "Lancement du Labo de l'habitat des communs",
            "summary": "La journée de lancement du Labo à La Cité, à Toulouse : plus de 100 "
            "personnes réunies autour de l'habitat participatif, partagé et inclusif.",
            "starts_at": _at(date(2025, 9, 16), "09:30"),
            "ends_at": _at(date(2025, 9, 16), "17:00"),
            "event_format": EventFormat.IN_PERSON,
            "venue_name": "La Cité",
            "venue_address": "55 avenue Louis Breguet",
            "access": "Transports en commun : arrêt « La Cité » (bus), à 20 minutes du centre "
            "de Toulouse. Parking gratuit sur place, dont des places réservées.\n"
            "Salles de plain-pied, accessibles en fauteuil roulant ; boucle magnétique dans "
            "l'auditorium. Un besoin particulier ? Écrivez-nous avant le 9 septembre.",
            "commune": "31555",
            "scope": EventScope.REGIONAL,
            "themes": ["accompagnement", "politiques-publiques"],
            "capacity": 150,
            "organisers": [CRESS, REGION, *SPONSORS],
            "programme": [
                _session("09:30", "10:00", "Accueil café"),
                _session(
                    "10:00",
                    "11:00",
                    "Pourquoi un Labo de l'habitat des communs ?",
                    "CRESS Occitanie, Région Occitanie",
                ),
                _session("11:15", "12:30", "Tables rondes : trois projets racontent leur chemin"),
                _session("14:00", "16:30", "Ateliers : foncier, financement, vie de groupe"),
                _session("16:30", "17:00", "Présentation de la plateforme"),
            ],
            "report": [
                _paragraph(
                    "Le 16 septembre 2025, plus de 100 personnes — porteurs de projets, "
                    "collectivités, accompagnateurs, financeurs — ont lancé ensemble le Labo "
                    "à La Cité. La matinée a rappelé d'où vient le Labo : la concertation "
                    "menée par la CRESS pour le Plan Habitat Durable de la Région et les trois "
                    "besoins exprimés par les acteurs, une ingénierie partagée, un réseau qui "
                    "fédère et une reconnaissance publique des projets."
                ),
                _paragraph(
                    "L'après-midi, trois ateliers ont fait émerger les premiers sujets du "
                    "programme de rencontres : le foncier avec les communes, le financement "
                    "(dont la garantie d'emprunt régionale) et la gouvernance des groupes."
                ),
            ],
            "resources": ["Vidéo : le lancement du Labo à La Cité", "Kaléidoscope Habitat & ESS"],
            "photo": True,
            "registrants": 60,
            # The organisers' count: most came without registering on the site (report 2025:
            # « plus de 100 participants »).
            "participants_count": 112,
        },
        *[
            {
                "slug": f"agora-viure-{number}",
                "title": f"Agora de l'appel à projets VIURE n° {number}",
                "summary": "Les candidats à l'appel à projets VIURE rencontrent les services "
                "de la Région pour présenter leur projet et lever leurs questions avant le "
                "dépôt.",
                "starts_at": _at(day, "14:00"),
                "ends_at": _at(day, "17:00"),
                "event_format": fmt,
                "venue_name": venue,
                "venue_address": address,
                "commune": commune,
                "scope": EventScope.REGIONAL,
                "themes": ["financement", "politiques-publiques"],
                "capacity": 30,
                "organisers": [REGION, CRESS],
                "programme_name": "aap-viure",
                "programme": [
                    _session(
                        "14:00",
                        "14:30",
                        "Les critères VIURE : Vivant, Inclusif, Utopique, Résilient, Esthétique",
                    ),
                    _session("14:30", "16:30", "Présentation des projets et échanges"),
                    _session("16:30", "17:00", "Calendrier de l'appel à projets"),
                ],
                "report": [
                    _paragraph(
                        "Les projets présents ont exposé leur montage et reçu les questions "
                        "des services de la Région. En 2025, l'accompagnement de la CRESS a "
                        "compté 18 entretiens préalables, 11 pré-auditions et 3 agoras ; "
                        "trois projets ont été retenus."
                    )
                ],
                "resources": ["Monter un plan de financement"],
                "registrants": 12,
            }
            for number, day, fmt, venue, address, commune in (
                (
                    1,
                    date(2025, 4, 10),
                    EventFormat.IN_PERSON,
                    "Hôtel de Région",
                    "201 avenue de la Pompignane",
                    "34172",
                ),
                (
                    2,
                    date(2025, 5, 15),
                    EventFormat.HYBRID,
                    "Hôtel de Région",
                    "22 boulevard du Maréchal Juin",
                    "31555",
                ),
                (3, date(2025, 6, 19), EventFormat.ONLINE, "", "", None),
            )
        ],
        {
            "slug": "webinaire-garantie-emprunt-2025",
            "title": "Webinaire : la garantie d'emprunt de la Région, comment ça marche ?",
            "summary": "Une heure pour comprendre la garantie des prêts de la Région Occitanie "
            "aux projets d'habitat des communs, avec les questions des porteurs.",
            "starts_at": _at(date(2025, 10, 14), "12:30"),
            "ends_at": _at(date(2025, 10, 14), "13:30"),
            "event_format": EventFormat.ONLINE,
            "scope": EventScope.REGIONAL,
            "themes": ["financement"],
            "capacity": 100,
            "organisers": [CRESS, REGION],
            "programme_name": "garantie-emprunt",
            "report": [
                _paragraph(
                    "Le support de présentation et la fiche pratique sont en ligne. Cinq "
                    "porteurs de projets ont ensuite été mis en relation avec la Région."
                )
            ],
            "resources": ["Garantie d'emprunt de la Région : mode d'emploi"],
            "registrants": 25,
        },
        # Dated from the day the demo is loaded ------------------------------------------------
        {
            "slug": "cafe-des-porteurs-toulouse",
            "relative": True,
            "title": "Café des porteurs de projets à Toulouse",
            "summary": "Un temps convivial, en petit groupe, pour partager où en sont vos "
            "projets et vous entraider. Aussi ouvert en visio.",
            "starts_at": _at(soon(5), "18:00"),
            "ends_at": _at(soon(5), "20:00"),
            "event_format": EventFormat.HYBRID,
            "venue_name": "Café associatif Le Tiers-Lieu",
            "venue_address": "12 rue des Amidonniers",
            "access": "À dix minutes à pied du métro. Le café est de plain-pied ; les enfants "
            "sont les bienvenus (un coin jeux les attend).",
            "commune": "31555",
            "online_url": VISIO + "cafe-des-porteurs",
            "scope": EventScope.LOCAL,
            "themes": ["gouvernance", "accompagnement"],
            "capacity": 12,
            "waitlist_enabled": True,
            "organisers": [CRESS],
            "questions": [PROJECT],
            "registrants": 12,
        },
        {
            "slug": "webinaire-preparer-dossier-garantie",
            "relative": True,
            "title": "Webinaire : préparer son dossier de garantie d'emprunt",
            "summary": "Les pièces à réunir, le calendrier et les points d'attention, avec "
            "les services de la Région.",
            "starts_at": _at(soon(7), "12:30"),
            "ends_at": _at(soon(7), "13:30"),
            "event_format": EventFormat.ONLINE,
            "online_url": VISIO + "garantie-dossier",
            "scope": EventScope.REGIONAL,
            "themes": ["financement"],
            "capacity": 100,
            "organisers": [CRESS, REGION],
            "programme_name": "garantie-emprunt",
            "questions": [PROJECT, FIRST_TIME],
            "resources": ["Garantie d'emprunt de la Région : mode d'emploi"],
            "registrants": 8,
        },
        {
            "slug": "visite-habitat-groupe-ariege",
            "relative": True,
            "title": "Habiter ensemble en Ariège : visite d'un habitat groupé",
            "summary": "Une matinée chez un groupe installé depuis dix ans : la vie "
            "quotidienne, les décisions, ce qu'ils referaient autrement.",
            "starts_at": _at(soon(10), "10:00"),
            "ends_at": _at(soon(10), "13:00"),
            "event_format": EventFormat.IN_PERSON,
            "venue_name": "Habitat groupé du Pech",
            "venue_address": "Chemin du Pech",
            "commune": "09122",
            "scope": EventScope.LOCAL,
            "themes": ["gouvernance"],
            "capacity": 25,
            "organisers": [CRESS],
            "questions": [ACCESSIBILITY],
            "registrants": 9,
        },
        {
            "slug": "atelier-foncier-communes-montpellier",
            "relative": True,
            "title": "Atelier : trouver du foncier avec sa commune",
            "summary": "Élus, agents et porteurs de projets cherchent ensemble comment "
            "mobiliser du foncier pour l'habitat des communs.",
            "starts_at": _at(soon(14), "09:30"),
            "ends_at": _at(soon(14), "12:30"),
            "event_format": EventFormat.IN_PERSON,
            "venue_name": "Cité de l'Économie et des Métiers de Demain",
            "venue_address": "Avenue de la Gare",
            "commune": "34172",
            "scope": EventScope.LOCAL,
            "themes": ["foncier", "politiques-publiques"],
            "capacity": 30,
            "organisers": [CRESS],
            "resources": ["Trouver un terrain avec sa commune"],
            "registrants": 6,
        },
        {
            "slug": "gouvernance-partagee-ales",
            "relative": True,
            "title": "Rencontre locale dans le Gard : décider ensemble",
            "summary": "Consentement, rôles, conflits : des outils de gouvernance partagée "
            "pour les groupes d'habitants, testés en atelier.",
            "starts_at": _at(soon(18), "18:30"),
            "ends_at": _at(soon(18), "21:00"),
            "event_format": EventFormat.IN_PERSON,
            "venue_name": "Maison de la vie associative",
            "venue_address": "Place Henri Barbusse",
            "commune": "30007",
            "scope": EventScope.LOCAL,
            "themes": ["gouvernance"],
            "capacity": 20,
            "organisers": [CRESS],
            "resources": ["Décider au consentement"],
            "registrants": 4,
        },
        {
            "slug": "webinaire-choisir-sa-forme-juridique",
            "relative": True,
            "title": "Webinaire : coopérative d'habitants, SCIA ou SAA ?",
            "summary": "Les formes juridiques de l'habitat participatif expliquées par des "
            "groupes qui les ont choisies.",
            "starts_at": _at(soon(25), "18:00"),
            "ends_at": _at(soon(25), "19:30"),
            "event_format": EventFormat.ONLINE,
            "online_url": VISIO + "formes-juridiques",
            "scope": EventScope.REGIONAL,
            "themes": ["montage-juridique"],
            "capacity": None,
            "organisers": [CRESS],
            "resources": ["Choisir sa forme juridique : SCIA, SAA, coopérative"],
            "registrants": 5,
        },
        {
            "slug": "journees-regionales-habitat-des-communs",
            "relative": True,
            "title": "Journées régionales de l'habitat des communs",
            "summary": "Deux jours à Albi pour faire le point sur les projets d'Occitanie, "
            "visiter des réalisations et préparer l'appel à projets VIURE.",
            "starts_at": _at(soon(45), "09:30"),
            "ends_at": _at(soon(46), "16:30"),
            "event_format": EventFormat.HYBRID,
            "venue_name": "Salle des fêtes de Pratgraussals",
            "venue_address": "Rue de la Renaudié",
            "commune": "81004",
            "online_url": VISIO + "journees-regionales",
            "scope": EventScope.REGIONAL,
            "themes": ["accompagnement", "architecture", "financement"],
            "capacity": 150,
            "organisers": [CRESS, REGION, *SPONSORS],
            "programme_name": "aap-viure",
            "programme": [
                _session(
                    "09:30", "12:30", "Plénière : l'habitat des communs en Occitanie", day=soon(45)
                ),
                _session("14:00", "17:30", "Visites de projets albigeois", day=soon(45)),
                _session("09:30", "12:00", "Ateliers VIURE", day=soon(46)),
                _session("14:00", "16:30", "Forum des accompagnateurs", day=soon(46)),
            ],
            "questions": [PROJECT, ACCESSIBILITY],
            "registrants": 14,
        },
    ]


def _presentation(spec: dict) -> list:
    """A presentation for the demo events that have none of their own: what happens there,
    and how to take part, in the format's words."""
    online = spec["event_format"] == EventFormat.ONLINE
    how = (
        "Le lien de connexion est envoyé la veille aux personnes inscrites ; une caméra n'est "
        "pas nécessaire, les questions peuvent aussi être posées par écrit."
        if online
        else "Le lieu est accessible aux personnes à mobilité réduite. Venez avec vos questions, "
        "vos plans ou vos statuts : on part de vos projets."
    )
    return [
        _paragraph(
            f"{spec['summary']} Ce temps du Labo de l'habitat des communs réunit des porteurs "
            "de projets, des habitants et des partenaires d'Occitanie, à toutes les étapes, de "
            "l'idée à l'emménagement."
        ),
        _paragraph(how),
    ]


# What every demo event held somewhere says when it has nothing more precise.
_ACCESS = (
    "Lieu accessible aux personnes à mobilité réduite. Pour tout besoin particulier "
    "(interprétation, accompagnement, garde d'enfants), écrivez aux organisateurs en vous "
    "inscrivant : nous nous organisons."
)


def _publish(index: EventIndexPage, spec: dict, themes: dict, illustration) -> EventPage:
    communes = Commune.objects.in_bulk([spec["commune"]] if spec.get("commune") else [])
    event = EventPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        starts_at=spec["starts_at"],
        ends_at=spec["ends_at"],
        event_format=spec["event_format"],
        venue_name=spec.get("venue_name", ""),
        venue_address=spec.get("venue_address", ""),
        access_information=spec.get("access") or (_ACCESS if spec.get("venue_name") else ""),
        commune=communes.get(spec.get("commune")),
        online_url=spec.get("online_url", ""),
        scope=spec["scope"],
        capacity=spec.get("capacity"),
        waitlist_enabled=spec.get("waitlist_enabled", True),
        programme=spec.get("programme", []),
        report=spec.get("report", []),
        participants_count=spec.get("participants_count"),
        body=spec.get("body") or _presentation(spec),
        related_programme=Programme.objects.filter(slug=spec.get("programme_name", "")).first(),
    )
    if event.commune:
        event.departement = event.commune.departement
    scene, shows = EVENT_SCENES[zlib.crc32(spec["slug"].encode()) % len(EVENT_SCENES)]
    event.cover_image = illustration_of(
        f"{spec['title']} – illustration", scene=scene, seed=zlib.crc32(spec["slug"].encode())
    )
    event.cover_alt = f"Dessin : {shows}"
    event.organisers = [
        EventOrganiser(name=name, role=role, website=site)
        for name, role, site in spec.get("organisers", [])
    ]
    event.questions = [
        RegistrationQuestion(label=label, kind=kind, required=required)
        for label, kind, required in spec.get("questions", [])
    ]
    if spec.get("photo"):
        event.photos = [
            EventPhoto(
                image=illustration,
                alt_text="Illustration : des maisons autour d'un jardin partagé",
                caption="La Cité, Toulouse, 16 septembre 2025",
            )
        ]
    index.add_child(instance=event)
    event.themes.set([themes[slug] for slug in spec.get("themes", [])])
    event.related_resources.set(ResourcePage.objects.filter(title__in=spec.get("resources", [])))
    event.save_revision().publish()
    return event


def _move_forward(event: EventPage, spec: dict) -> None:
    """A relative event whose date has passed since the demo was loaded moves to its new date,
    without telling its (demo) registrants."""
    if event.starts_at >= spec["starts_at"] - timedelta(days=1):
        return
    event.starts_at, event.ends_at = spec["starts_at"], spec["ends_at"]
    event.programme = spec.get("programme", [])
    AnnouncedSchedule.objects.filter(event=event).update(
        starts_at=event.starts_at, ends_at=event.ends_at
    )
    event.save_revision().publish()


def _register(event: EventPage, referents: list, *, confirmed: int, waitlisted: int) -> None:
    """Demo registrations written directly: no e-mail goes out for them."""
    if Registration.objects.filter(event=event).exists():
        return
    now = timezone.now()
    attended = True if event.ends_at < now else None
    rows = []
    for position, user in enumerate(referents[: confirmed + waitlisted]):
        queued = min(now, event.starts_at) - timedelta(days=20) + timedelta(minutes=position)
        is_confirmed = position < confirmed
        rows.append(
            Registration(
                event=event,
                user=user,
                status=RegistrationStatus.CONFIRMED
                if is_confirmed
                else RegistrationStatus.WAITLISTED,
                queued_at=queued,
                confirmed_at=queued if is_confirmed else None,
                attended=attended if is_confirmed else None,
                # Two in three agreed to be named in « Qui vient ? ».
                name_shown=is_confirmed and position % 3 != 2,
            )
        )
    # People without an account (an elected official, a neighbour), one with a companion,
    # where seats remain for them.
    guest_seats = sum(1 + companions for _name, _email, companions in DEMO_GUESTS)
    room = event.capacity is None or confirmed + guest_seats <= event.capacity
    guests = DEMO_GUESTS if confirmed and not waitlisted and room else []
    for position, (name, email, companions) in enumerate(guests):
        queued = min(now, event.starts_at) - timedelta(days=10) + timedelta(minutes=position)
        rows.append(
            Registration(
                event=event,
                guest_name=name,
                guest_email=email,
                companions=companions,
                status=RegistrationStatus.CONFIRMED,
                queued_at=queued,
                confirmed_at=queued,
                attended=attended,
            )
        )
    Registration.objects.bulk_create(rows)


DEMO_GUESTS = [
    ("Claire Vidal", "claire.vidal@exemple.fr", 1),
    ("Julien Barthe", "julien.barthe@exemple.fr", 0),
]


def demo_events(users: dict, illustration) -> list[EventPage]:
    index = EventIndexPage.objects.first()
    themes = {theme.slug: theme for theme in ResourceTheme.objects.all()}
    # Carriers of the demo projects register; membre@labo.test stays free for the journeys.
    referents = list(
        get_user_model().objects.filter(email__startswith="referent.projet").order_by("email")
    )
    extra = [users[email] for email in ("porteur.a@labo.test", "porteur.b@labo.test")]
    events = []
    for spec in _specs(timezone.localdate()):
        event = EventPage.objects.filter(slug=spec["slug"]).first()
        if event is None:
            event = _publish(index, spec, themes, illustration)
        elif spec.get("relative"):
            _move_forward(event, spec)
        people = referents if spec["slug"] == "cafe-des-porteurs-toulouse" else extra + referents
        _register(
            event,
            people,
            confirmed=spec.get("registrants", 0),
            waitlisted=spec.get("waitlisted", 0),
        )
        events.append(event)
    _link_agoras(events)
    return events


def _link_agoras(events: list[EventPage]) -> None:
    """The applications' demo (projects.applications.demo) held the VIURE call's three agoras
    at the times the agenda announces them: each meeting links to its public event."""
    for event in events:
        if event.slug.startswith("agora-viure-"):
            Meeting.objects.filter(
                kind=AppointmentKind.AGORA, starts_at=event.starts_at, public_event=None
            ).update(public_event=event)
