"""Demo forum for `manage.py load_demo`: 25 threads and 150 replies across the seven
categories, written from the questions carriers bring to the Labo. Some are solved, one is
locked, one pinned, and two replies wait in the moderation queue after being flagged.
Written directly (no notification goes out for demo posts)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify

from events.models import EventPage
from forum.models import (
    Category,
    Flag,
    FlagReason,
    MemberTrust,
    PostStatus,
    Reaction,
    ReactionKind,
    Reply,
    Thread,
    ThreadFollow,
    ThreadRead,
    TrustLevel,
)
from forum.reactions import counts_of

# category slug, title, author, body, tags, [(author, reply)] (the first replies of each thread)
THREADS = [
    (
        "le-labo",
        "Bienvenue sur le forum du Labo : mode d'emploi",
        "equipe@labo.test",
        "Bonjour à toutes et à tous !\n\nCe forum est le vôtre : posez vos questions, racontez "
        "où en est votre projet, partagez vos modèles. Quelques règles simples :\n\n"
        "- un sujet par question, avec un titre qui la résume ;\n- cherchez d'abord si elle a "
        "déjà été posée ;\n- mentionnez quelqu'un avec **@** suivi de son nom ;\n- quand une "
        "réponse vous a aidé, marquez-la comme solution.\n\nLa charte du Labo s'applique.",
        ["mode d'emploi"],
        [("membre@labo.test", "Merci pour ce cadre, c'est très clair !")],
    ),
    (
        "montage-juridique",
        "SCIA ou coopérative d'habitants : comment avez-vous choisi ?",
        "membre@labo.test",
        "Nous sommes six foyers autour de Toulouse et nous hésitons entre une **SCIA** et une "
        "**coopérative d'habitants**. Ce qui nous importe : que les logements restent abordables "
        "quand quelqu'un part, et ne pas porter de prêt personnel trop lourd.\n\nComment avez-"
        "vous tranché, et avec quel accompagnement ?",
        ["SCIA", "coopérative"],
        [
            (
                "porteur.a@labo.test",
                "Nous avons choisi la coopérative d'habitants pour la propriété collective : "
                "personne "
                "ne revend son logement, les parts sociales sont remboursées à leur valeur. C'est "
                "ce "
                "qui garantit l'abordabilité dans le temps.",
            ),
            (
                "porteur.b@labo.test",
                "De notre côté, SCIA, parce que plusieurs foyers voulaient devenir propriétaires à "
                "terme. Le montage est plus simple au départ, mais la revente doit être encadrée "
                "dans les statuts.",
            ),
            (
                "partenaire@labo.test",
                "La fiche « Choisir sa forme juridique » du centre de ressources compare les deux, "
                "avec les points de vigilance fiscaux.",
            ),
        ],
    ),
    (
        "financement-et-garanties",
        "Garantie d'emprunt de la Région : quels délais ?",
        "porteur.b@labo.test",
        "Notre banque nous demande une garantie pour le prêt collectif. Quelqu'un a-t-il déjà "
        "obtenu la garantie de la Région Occitanie ? Combien de temps entre le premier contact "
        "et la décision ?",
        ["garantie d'emprunt", "Région"],
        [
            (
                "equipe@labo.test",
                "La CRESS fait le lien avec les services de la Région : comptez un premier "
                "rendez-vous "
                "dans le mois, puis l'instruction. Écrivez-nous via votre espace candidatures, "
                "nous "
                "regardons votre dossier ensemble.",
            ),
            (
                "porteur.a@labo.test",
                "Pour nous, environ quatre mois entre le premier rendez-vous et la commission, "
                "avec "
                "un plan de financement déjà bouclé côté banque.",
            ),
        ],
    ),
    (
        "foncier",
        "Une commune prête à nous céder un ancien presbytère : par où commencer ?",
        "porteur.a@labo.test",
        "Le maire de notre village propose de nous céder l'ancien presbytère (600 m² sur deux "
        "niveaux). Bail emphytéotique, vente, portage par une foncière solidaire : quelles "
        "questions poser avant de répondre ?",
        ["presbytère", "bail emphytéotique"],
        [
            (
                "porteur.b@labo.test",
                "Demandez vite un diagnostic technique (structure, amiante, plomb) : c'est lui qui "
                "dira si le projet tient financièrement.",
            ),
            (
                "partenaire@labo.test",
                "Le bail emphytéotique garde le bien dans le patrimoine communal, ce qui rassure "
                "souvent les élus. Pensez à la durée : au moins 60 ans pour amortir les travaux.",
            ),
        ],
    ),
    (
        "vie-de-groupe",
        "Décider au consentement : vos retours ?",
        "membre@labo.test",
        "Notre groupe s'épuise en votes serrés. Plusieurs d'entre vous parlent de décision par "
        "consentement : comment l'avez-vous mis en place, et combien de temps pour s'y faire ?",
        ["gouvernance", "consentement"],
        [
            (
                "porteur.b@labo.test",
                "Nous l'avons adopté il y a deux ans. Au début, une personne formée anime chaque "
                "décision ; après six mois, tout le monde savait faire.",
            ),
            (
                "porteur.a@labo.test",
                "Gardez le vote pour quelques sujets précis (l'entrée d'un foyer, par exemple) et "
                "écrivez-le dans votre charte.",
            ),
        ],
    ),
    (
        "architecture",
        "Salle commune : quelle surface pour douze foyers ?",
        "porteur.b@labo.test",
        "Nous programmons la salle commune de notre habitat groupé (douze foyers). Entre 60 et "
        "100 m², le budget n'est pas le même ! Quelles surfaces avez-vous et qu'en pensez-vous "
        "aujourd'hui ?",
        ["salle commune", "programmation"],
        [
            (
                "porteur.a@labo.test",
                "80 m² avec une cuisine équipée pour quinze foyers : c'est juste pour les grandes "
                "fêtes, parfait pour le quotidien.",
            ),
            (
                "membre@labo.test",
                "Pensez aussi à une chambre d'amis partagée, très utilisée chez "
                "les groupes que nous avons visités.",
            ),
        ],
    ),
    (
        "annonces",
        "Les Toits partagés du Lauragais cherchent deux foyers",
        "porteur.a@labo.test",
        "Notre projet (neuf logements, Lauragais) cherche **deux foyers**, idéalement avec "
        "enfants, pour une entrée prévue dans dix-huit mois. Réunion d'information le mois "
        "prochain : écrivez-nous via la fiche du projet.",
        ["recherche de foyers"],
        [("membre@labo.test", "Nous sommes intéressés ! Je vous écris via la fiche.")],
    ),
    (
        "financement-et-garanties",
        "Appel à projets VIURE : retours sur la pré-audition",
        "porteur.a@labo.test",
        "Nous avons passé la pré-audition de l'appel à projets VIURE. Pour ceux qui y vont : "
        "les questions ont surtout porté sur le critère **Résilient** (énergie, mixité, "
        "modèle économique) et sur le calendrier des travaux.",
        ["VIURE", "pré-audition"],
        [
            ("porteur.b@labo.test", "Merci, très utile ! Avez-vous présenté un budget détaillé ?"),
            (
                "porteur.a@labo.test",
                "Oui, le plan de financement complet, avec les subventions "
                "attendues et leur calendrier.",
            ),
        ],
    ),
]

# Shorter threads, to fill every category with real-looking questions.
MORE_THREADS = [
    ("montage-juridique", "Clause d'agrément dans les statuts : exemples ?", ["statuts"]),
    ("montage-juridique", "SCIC pour un habitat inclusif avec une association ?", ["SCIC"]),
    ("montage-juridique", "Assurance du bâtiment en SCIA : qui assure quoi ?", ["assurance"]),
    ("financement-et-garanties", "Prêt collectif ou prêts individuels ?", ["prêt"]),
    ("financement-et-garanties", "Épargne solidaire : des expériences ?", ["épargne"]),
    ("foncier", "Foncière solidaire : qui intervient en Occitanie ?", ["foncière"]),
    ("foncier", "Terrain en zone agricole : une impasse ?", ["urbanisme"]),
    ("vie-de-groupe", "Accueillir un nouveau foyer en cours de projet", ["accueil"]),
    ("vie-de-groupe", "Charte de vie : que mettre dedans ?", ["charte"]),
    ("architecture", "Paille porteuse en Occitanie : des artisans ?", ["paille"]),
    ("architecture", "Réhabiliter une grange : points de vigilance", ["réhabilitation"]),
    ("annonces", "Foyer de retraités cherche projet dans l'Hérault", ["recherche de projet"]),
    ("annonces", "Habitat groupé du Grand Pic : visite ouverte", ["visite"]),
    ("le-labo", "Suggestion : une carte des accompagnateurs", ["suggestion"]),
    ("le-labo", "Comment suivre ma candidature VIURE sur la plateforme ?", ["candidature"]),
    ("vie-de-groupe", "Répartir les charges communes : au m² ou par foyer ?", ["charges"]),
    ("foncier", "Bail réel solidaire : adapté à l'habitat participatif ?", ["BRS"]),
]

ANSWERS = [
    "Nous nous sommes posé la même question l'an dernier. Ce qui nous a aidés : rencontrer "
    "deux groupes qui avaient fait des choix différents, et comparer.",
    "Le centre de ressources a une fiche pratique sur ce point, avec des exemples d'Occitanie.",
    "Je vous conseille d'en parler à votre accompagnateur avant de trancher : les détails "
    "comptent beaucoup.",
    "Chez nous, cela a pris six mois de discussions, mais la décision est solide.",
    "Attention au calendrier : mieux vaut anticiper que courir après les délais.",
    "Merci pour ce partage, cela rejoint notre expérience.",
    "On peut en parler au prochain café des porteurs, c'est le sujet idéal !",
    "Nous avons un modèle de document à partager, je le propose au centre de ressources.",
    "La CRESS peut vous mettre en relation avec un groupe qui l'a vécu.",
    "Bonne question ! Nous suivons le sujet avec intérêt.",
]

REPLIERS = [
    "porteur.a@labo.test",
    "porteur.b@labo.test",
    "membre@labo.test",
    "partenaire@labo.test",
    "equipe@labo.test",
    "referent.projet03@labo.test",
    "referent.projet05@labo.test",
    "referent.projet07@labo.test",
]
TOTAL_REPLIES = 150


def _reply(thread, user, text, when, parent=None, status=PostStatus.PUBLISHED) -> Reply:
    reply = Reply(
        content_type=ContentType.objects.get_for_model(Thread),
        object_pk=str(thread.pk),
        site_id=settings.SITE_ID,
        user=user,
        comment=text,
        submit_date=when,
        status=status,
        is_public=status == PostStatus.PUBLISHED,
        parent_id=parent.pk if parent else 0,
    )
    reply.save()
    return reply


def _refresh_counters(thread: Thread) -> None:
    stats = Reply.objects.filter(object_pk=str(thread.pk), status=PostStatus.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("submit_date")
    )
    last = (
        Reply.objects.filter(object_pk=str(thread.pk), status=PostStatus.PUBLISHED)
        .order_by("-submit_date")
        .first()
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=stats["n"],
        last_activity_at=stats["last"] or thread.created_at,
        last_reply_by=last.user if last else None,
    )


# (thread title, event slug): the questions an event raised or answers (events.demo).
EVENT_THREADS = [
    ("Garantie d'emprunt de la Région : quels délais ?", "webinaire-garantie-emprunt-2025"),
    ("Comment suivre ma candidature VIURE sur la plateforme ?", "agora-viure-2"),
    (
        "Bail réel solidaire : adapté à l'habitat participatif ?",
        "atelier-foncier-communes-montpellier",
    ),
]


def demo_forum() -> list[Thread]:
    if Thread.objects.exists():
        return list(Thread.objects.all())
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@labo.test")}
    categories = {c.slug: c for c in Category.objects.all()}
    now = timezone.now()
    specs = [(c, t, a, b, tags, replies) for c, t, a, b, tags, replies in THREADS]
    for i, (category, title, tags) in enumerate(MORE_THREADS):
        author = REPLIERS[(i + 2) % len(REPLIERS)]
        specs.append((category, title, author,
                      f"{title}\n\nNous avançons sur notre projet et cette question revient "
                      "à chaque réunion. Vos expériences nous aideraient beaucoup !",
                      tags, []))  # fmt: skip

    threads, replies_left = [], TOTAL_REPLIES
    for index, (category, title, author, body, tags, first_replies) in enumerate(specs):
        created = now - timedelta(days=90 - index * 3, hours=index)
        thread = Thread.objects.create(
            category=categories[category],
            title=title,
            slug=slugify(title)[:80],
            body=body,
            author=users[author],
            created_at=created,
            last_activity_at=created,
            view_count=12 + index * 7,
        )
        thread.tags.set(tags)
        ThreadFollow.objects.get_or_create(user=users[author], thread=thread)
        threads.append((thread, first_replies))

    # The crafted replies first, then answers from the pool until 150, spread over the threads.
    made = []
    for thread, first_replies in threads:
        when = thread.created_at
        for r_index, (email, text) in enumerate(first_replies):
            when += timedelta(hours=5 + r_index)
            made.append(_reply(thread, users[email], text, when))
            replies_left -= 1
    position = 0
    while replies_left > 0:
        thread, _first = threads[position % len(threads)]
        email = REPLIERS[position % len(REPLIERS)]
        if email == (thread.author.email if thread.author else None):
            email = REPLIERS[(position + 1) % len(REPLIERS)]
        when = thread.created_at + timedelta(days=1 + position // len(threads), hours=position % 7)
        when = min(when, now - timedelta(minutes=position + 1))
        parent = None
        if position % 5 == 4:
            parent = (
                Reply.objects.filter(object_pk=str(thread.pk), level=0)
                .order_by("submit_date")
                .first()
            )
        # Each thread gets different answers from the pool (one round of the threads at a time).
        answer = ANSWERS[(position // len(threads) + 3 * (position % len(threads))) % len(ANSWERS)]
        made.append(_reply(thread, users[email], answer, when, parent))
        replies_left -= 1
        position += 1

    by_title = {t.title: t for t, _r in threads}
    # Solved: the legal form, the guarantee and the presbytery questions.
    for title in (THREADS[1][1], THREADS[2][1], THREADS[3][1]):
        thread = by_title[title]
        first = Reply.objects.filter(object_pk=str(thread.pk)).order_by("submit_date").first()
        Thread.objects.filter(pk=thread.pk).update(solution=first)
    # Threads that carry on an event's conversation (« Au forum » on the event's page).
    slugs = [slug for _title, slug in EVENT_THREADS]
    events = {event.slug: event for event in EventPage.objects.filter(slug__in=slugs)}
    for title, slug in EVENT_THREADS:
        if slug in events:
            Thread.objects.filter(pk=by_title[title].pk).update(related_event=events[slug])
    Thread.objects.filter(pk=by_title[THREADS[0][1]].pk).update(pinned=True)
    Thread.objects.filter(pk=by_title[THREADS[7][1]].pk).update(locked=True)

    # Two replies flagged by members, waiting for a moderator.
    flagged = [r for r in made if r.user.email not in ("equipe@labo.test",)][-2:]
    for reply, flagger, reason in zip(
        flagged,
        ("membre@labo.test", "porteur.b@labo.test"),
        (FlagReason.OFF_TOPIC, FlagReason.SPAM),
        strict=True,
    ):
        if reply.user.email == flagger:
            flagger = "porteur.a@labo.test"
        Flag.objects.create(user=users[flagger], reply=reply, reason=reason)
        Reply.objects.filter(pk=reply.pk).update(flag_count=1)

    for thread, _first in threads:
        _refresh_counters(thread)
    _read_marks(users, [t for t, _r in threads])
    _trust_levels(users)
    _reactions(users, [t for t, _r in threads])
    return [t for t, _r in threads]


# What the demo people have done on the forum, as forum.trust would have counted it:
# (email, level, days visited, posts read). Accounts not listed start at level 0.
TRUST = [
    ("equipe@labo.test", TrustLevel.REGULAR, 61, 640),
    ("moderation@labo.test", TrustLevel.REGULAR, 58, 590),
    ("porteur.a@labo.test", TrustLevel.REGULAR, 34, 420),
    ("porteur.b@labo.test", TrustLevel.REGULAR, 22, 260),
    ("partenaire@labo.test", TrustLevel.BASIC, 9, 95),
    ("membre@labo.test", TrustLevel.BASIC, 6, 85),
    ("jury@labo.test", TrustLevel.BASIC, 3, 24),
    ("referent.projet03@labo.test", TrustLevel.BASIC, 5, 40),
]


def _trust_levels(users: dict) -> None:
    promoted = timezone.now() - timedelta(days=20)
    MemberTrust.objects.bulk_create(
        [
            MemberTrust(
                user=users[email],
                level=level,
                days_visited=days,
                posts_read=read,
                last_visit_on=timezone.localdate() - timedelta(days=1),
                promoted_at=promoted,
            )
            for email, level, days, read in TRUST
            if email in users
        ],
        ignore_conflicts=True,
    )


def _reactions(users: dict, threads: list[Thread]) -> None:
    """Thanks on the replies chosen as solutions and on the welcome post, from members other
    than their authors (membre@labo.test gives none: the demo's visitor tries it)."""
    givers = [users[email] for email in ("porteur.a@labo.test", "porteur.b@labo.test",
              "partenaire@labo.test", "equipe@labo.test") if email in users]  # fmt: skip
    rows = []
    for thread in Thread.objects.filter(pk__in=[t.pk for t in threads], solution__isnull=False):
        solution = Reply.objects.get(pk=thread.solution_id)
        for index, giver in enumerate(g for g in givers if g.pk != solution.user_id):
            rows.append(Reaction(user=giver, reply=solution, kind=ReactionKind.USEFUL))
            if index == 0:
                rows.append(Reaction(user=giver, reply=solution, kind=ReactionKind.THANKS))
    welcome = threads[0]
    for giver in givers:
        if giver.pk != welcome.author_id:
            rows.append(Reaction(user=giver, thread=welcome, kind=ReactionKind.THANKS))
    Reaction.objects.bulk_create(rows, ignore_conflicts=True)
    for reply in Reply.objects.filter(reactions__isnull=False).distinct():
        Reply.objects.filter(pk=reply.pk).update(reaction_counts=counts_of(reply))
    Thread.objects.filter(pk=welcome.pk).update(reaction_counts=counts_of(welcome))


def _read_marks(users: dict, threads: list[Thread]) -> None:
    """What the demo people have read, as the forum would have recorded it: each author up to
    their own last post in a thread (posting marks it read), and membre@labo.test, who
    follows the forum, every thread up to the activity of a month ago."""
    marks = {}
    for thread in threads:
        if thread.author_id:
            marks[(thread.author_id, thread.pk)] = thread.created_at
    for user_id, thread_pk, submitted in Reply.objects.filter(
        object_pk__in=[str(t.pk) for t in threads]
    ).values_list("user_id", "object_pk", "submit_date"):
        key = (user_id, int(thread_pk))
        if user_id and submitted > marks.get(key, submitted - timedelta(seconds=1)):
            marks[key] = submitted
    reader = users["membre@labo.test"]
    month_ago = timezone.now() - timedelta(days=30)
    for thread in Thread.objects.filter(pk__in=[t.pk for t in threads]):
        if thread.last_activity_at <= month_ago:
            key = (reader.pk, thread.pk)
            marks[key] = max(marks.get(key, thread.last_activity_at), thread.last_activity_at)
    ThreadRead.objects.bulk_create(
        [
            ThreadRead(user_id=user_id, thread_id=thread_pk, last_read_at=read_at)
            for (user_id, thread_pk), read_at in marks.items()
        ]
    )
