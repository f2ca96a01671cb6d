"""Demo applications reproducing the 2025 activity report: VIURE — 18 preliminary interviews,
11 pre-auditions, 3 projects selected; loan guarantee — 5 carriers put in contact with the
regional services, 1 guarantee granted. Written as a history (events dated through 2025), not
through the services, so that loading the demo sends no notification."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from labo.accounts.models import PartnerOrganisation
from projects.applications import questionnaire
from projects.applications.meeting_services import next_appointments_sync
from projects.choices import VIURE_CRITERIA
from projects.models import (
    Application,
    ApplicationEvent,
    ApplicationForm,
    ApplicationMessage,
    ApplicationNote,
    ConflictOfInterest,
    DecisionTemplate,
    EventKind,
    FormResponse,
    FormState,
    FormSubmission,
    Meeting,
    Opinion,
    PartnerOpinion,
    Programme,
    ProjectPage,
    Recommendation,
    Review,
    Round,
    ViureScore,
)

PARIS = ZoneInfo("Europe/Paris")

# Project index in projects.demo.PROJECTS → the stages its VIURE application went through.
# The VIURE call begins with the entretien préalable, before the application (migration 0018).
SELECTED = ["Entretien préalable", "Candidature reçue", "Pré-audition", "Dossier complet",
            "Instruction Région", "Retenu"]  # fmt: skip
VIURE_PATHS = {
    0: ["Entretien préalable", "Candidature reçue"],  # porteur.a, still in progress
    1: ["Entretien préalable", "Candidature reçue", "Pré-audition", "Non retenu"],  # porteur.b
    2: SELECTED,
    13: SELECTED,
    11: SELECTED,
    **{
        i: ["Entretien préalable", "Candidature reçue", "Pré-audition", "Non retenu"]
        for i in (3, 5, 7, 9, 12, 17, 19)
    },
    **{i: ["Entretien préalable", "Candidature reçue", "Non retenu"] for i in (4, 6, 8, 10)},
    # Met the CRESS team, then did not apply.
    **{i: ["Entretien préalable", "Abandon"] for i in (14, 15)},
}
GUARANTEE_PATHS = {
    0: ["Demande", "Mise en relation avec les services régionaux"],  # porteur.a
    1: [
        "Demande",
        "Mise en relation avec les services régionaux",
        "Dossier en instruction",
        "Commission permanente",
        "Garantie accordée",
    ],  # porteur.b: the guarantee obtained
    8: ["Demande", "Mise en relation avec les services régionaux", "Dossier en instruction"],
    15: ["Demande", "Mise en relation avec les services régionaux"],
    24: ["Demande", "Mise en relation avec les services régionaux", "Dossier en instruction"],
}
SHARED_WITH_REGION = {
    ("aap-viure", 2),
    ("aap-viure", 13),
    ("aap-viure", 11),
    ("garantie-emprunt", 1),
    ("garantie-emprunt", 8),
}


# Days an application typically stays at a stage before the next (plus a few days that vary
# from one project to the next), so that the dashboard's median durations differ per stage.
STAGE_DAYS = {
    "Candidature reçue": 14,
    "Entretien préalable": 38,
    "Pré-audition": 27,
    "Dossier complet": 45,
    "Instruction Région": 61,
    "Demande": 9,
    "Mise en relation avec les services régionaux": 52,
    "Dossier en instruction": 73,
    "Commission permanente": 20,
}
# The meeting held while an application is at a stage: the report's 18 entretiens préalables
# and 11 pré-auditions, and the guarantee's meetings with the regional services. The 3 agoras
# bring several applications together (`_demo_agoras`).
MEETINGS = {
    "Entretien préalable": ("entretien", "Locaux de la CRESS Occitanie, Toulouse"),
    "Pré-audition": ("pre-audition", "La Cité, 55 avenue Louis Breguet, Toulouse"),
    "Mise en relation avec les services régionaux": (
        "rendez-vous",
        "Direction de l'habitat, Région Occitanie, Montpellier",
    ),
}
# The agenda's three agoras (events.demo, « agora-viure-1…3 »), 14:00–17:00, which link to
# these meetings by their start.
AGORA_DAYS = [(2025, 4, 10), (2025, 5, 15), (2025, 6, 19)]
MINUTES = {
    "entretien": (
        "Présentation du collectif et du bâtiment visé. Le projet entre dans l'appel à "
        "projets ; points à travailler avant la candidature : la gouvernance entre futurs "
        "habitants et le plan de financement."
    ),
    "pre-audition": (
        "Présentation de dix minutes, puis questions de la CRESS et des services de la Région "
        "sur le montage financier, la place des habitants et l'ouverture au quartier."
    ),
}


def _meeting(*, application_list, kind, starts_at, hours, place, staff, people, minutes=""):
    meeting = Meeting.objects.create(
        round=application_list[0].round,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        place=place,
        created_by=staff,
        minutes=minutes,
        minutes_shared_with_team=kind == "entretien",
    )
    meeting.applications.set(application_list)
    meeting.participants.set(people)
    return meeting


def _people(application, staff) -> list:
    team = [m.user for m in application.project.memberships.select_related("user")]
    return [*team, staff]


def _dated(event: ApplicationEvent, when: datetime) -> None:
    ApplicationEvent.objects.filter(pk=event.pk).update(created_at=when)


def _play(*, project, round_, path, start, staff, referent, jitter: int) -> Application:
    stages = {stage.staff_name: stage for stage in round_.programme.stages.all()}
    final = stages[path[-1]]
    # When the application entered each stage of its path.
    dates = [start]
    for name in path[:-1]:
        dates.append(dates[-1] + timedelta(days=STAGE_DAYS.get(name, 30) + (jitter * 7) % 13))
    application = Application.objects.create(
        project=project,
        round=round_,
        stage=final,
        cress_referent=staff,
        created_by=referent,
        closed_at=dates[-1] if final.is_outcome else None,
    )
    previous = None
    for step, (name, when) in enumerate(zip(path, dates, strict=True)):
        if name in MEETINGS:
            # Held while at the stage, fixed a week after it was reached.
            kind, place = MEETINGS[name]
            held = (when + timedelta(days=STAGE_DAYS.get(name, 30) // 2)).replace(hour=10)
            meeting = _meeting(
                application_list=[application],
                kind=kind,
                starts_at=held,
                hours=1.5,
                place=place,
                staff=staff,
                people=_people(application, staff),
                minutes=MINUTES.get(kind, ""),
            )
            _dated(
                ApplicationEvent.objects.create(
                    application=application,
                    kind=EventKind.APPOINTMENT,
                    appointment_kind=kind,
                    actor=staff,
                    text=f"Rendez-vous fixé : {meeting.get_kind_display()}, "
                    f"{held:%d/%m/%Y} à 10:00 – {place}",
                ),
                when + timedelta(days=7),
            )
        event = ApplicationEvent.objects.create(
            application=application,
            kind=EventKind.CREATED if step == 0 else EventKind.STAGE,
            actor=referent if step == 0 else staff,
            from_stage=previous,
            to_stage=stages[name],
        )
        _dated(event, when)
        previous = stages[name]
    Application.objects.filter(pk=application.pk).update(
        created_at=start, last_activity_at=dates[-1]
    )
    return application


def demo_applications(projects: list[ProjectPage], users: dict) -> int:
    if Application.objects.exists():
        return Application.objects.count()
    staff = users["equipe@labo.test"]
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    start = datetime(2025, 2, 3, 10, 0, tzinfo=PARIS)
    created = 0
    for slug, paths in (("aap-viure", VIURE_PATHS), ("garantie-emprunt", GUARANTEE_PATHS)):
        round_ = Round.objects.get(programme__slug=slug, edition="2025")
        for index, path in paths.items():
            project = projects[index]
            referent = project.memberships.filter(role="referent").first().user
            application = _play(
                project=project,
                round_=round_,
                path=path,
                start=start + timedelta(days=3 * index),
                staff=staff,
                referent=referent,
                jitter=index,
            )
            if (slug, index) in SHARED_WITH_REGION:
                application.shared_with.add(region)
                _demo_opinion(application, region, users["partenaire@labo.test"])
            created += 1
    viure_a = Application.objects.get(project=projects[0], round__programme__slug="aap-viure")
    # Porteur.a's pre-audition to come: what the invitations are for.
    pre_audition = _meeting(
        application_list=[viure_a],
        kind="pre-audition",
        starts_at=datetime.now(PARIS).replace(hour=14, minute=0, second=0, microsecond=0)
        + timedelta(days=12),
        hours=1,
        place="La Cité, 55 avenue Louis Breguet, Toulouse",
        staff=staff,
        people=_people(viure_a, staff),
    )
    ApplicationEvent.objects.create(
        application=viure_a,
        kind=EventKind.APPOINTMENT,
        appointment_kind="pre-audition",
        actor=staff,
        text=f"Rendez-vous fixé : Pré-audition, {pre_audition.starts_at:%d/%m/%Y} à 14:00 – "
        "La Cité, 55 avenue Louis Breguet, Toulouse",
    )
    _demo_agoras(staff, partner=users["partenaire@labo.test"])
    next_appointments_sync(Application.objects.all())
    ApplicationMessage.objects.create(
        application=viure_a,
        author=staff,
        text="Bonjour Camille, merci pour l'entretien préalable. Pensez à préparer une "
        "présentation de dix minutes pour la pré-audition.",
    )
    ApplicationNote.objects.create(
        application=viure_a,
        author=staff,
        text="Projet solide ; vigilance sur le plan de financement (apport des foyers).",
    )
    _demo_viure_form(staff, sent_back=viure_a)
    _demo_reviews(staff, partner=users["partenaire@labo.test"], jury=users["jury@labo.test"])
    _demo_decisions(staff)
    # Before porteur.a's pre-audition: the jury member has it to review.
    Review.objects.create(application=viure_a, reviewer=users["jury@labo.test"], assigned_by=staff)
    return created


def _demo_agoras(staff, *, partner) -> None:
    """The 3 agoras with the Région's services: the 11 pre-audited applications, four or three
    at each, their teams, the CRESS team and the Région invited."""
    pre_audited = list(
        Application.objects.filter(
            round__programme__slug="aap-viure", events__to_stage__staff_name="Pré-audition"
        )
        .select_related("project", "round")
        .distinct()
        .order_by("pk")
    )
    for number, day in enumerate(AGORA_DAYS):
        group = pre_audited[number::3]
        people = {person for application in group for person in _people(application, staff)}
        if any(application.shared_with.exists() for application in group):
            people.add(partner)  # the Région reads the applications shared with it
        meeting = _meeting(
            application_list=group,
            kind="agora",
            starts_at=datetime(*day, 14, 0, tzinfo=PARIS),
            hours=3,
            place="Hôtel de Région" if number < 2 else "",
            staff=staff,
            people=people,
            minutes="Chaque projet présenté en quinze minutes, puis les questions des services "
            "de la Région sur le calendrier et le plan de financement.",
        )
        if number == 2:
            Meeting.objects.filter(pk=meeting.pk).update(
                video_url="https://visio.cressoccitanie.org/agora-viure-3"
            )
        for application in group:
            _dated(
                ApplicationEvent.objects.create(
                    application=application,
                    kind=EventKind.APPOINTMENT,
                    appointment_kind="agora",
                    actor=staff,
                    text=f"Rendez-vous fixé : Agora avec les services de la Région, "
                    f"{meeting.starts_at:%d/%m/%Y} à 14:00",
                ),
                meeting.starts_at - timedelta(days=21),
            )


# The VIURE call's form ---------------------------------------------------------------------------

VIURE_FORM = [
    ("section", {"heading": "Le projet", "help_text": "Qui porte le projet, où, pour qui."}),
    (
        "short_text",
        {
            "label": "Structure porteuse",
            "help_text": "Association, SCIC, coopérative d'habitants…",
            "required": True,
            "max_length": 200,
        },
    ),
    (
        "commune",
        {"label": "Commune du bâtiment", "help_text": "Une commune d'Occitanie.", "required": True},
    ),
    (
        "choice",
        {
            "label": "Forme d'habitat",
            "required": True,
            "choices": [
                "Habitat participatif",
                "Habitat partagé",
                "Habitat inclusif",
                "Habitat intergénérationnel",
            ],
        },
    ),
    (
        "number",
        {
            "label": "Logements prévus",
            "required": True,
            "min_value": 1,
            "max_value": 200,
            "unit": "logements",
        },
    ),
    (
        "long_text",
        {
            "label": "Le projet en quelques paragraphes",
            "help_text": "Ce que vous voulez faire du bâtiment, et avec qui.",
            "required": True,
            "max_length": 3000,
        },
    ),
    (
        "section",
        {
            "heading": "Le financement",
            "help_text": "L'appel à projets soutient la réhabilitation de bâtiments.",
        },
    ),
    ("amount", {"label": "Coût total de l'opération", "required": True}),
    ("amount", {"label": "Subvention demandée à la Région", "required": True}),
    ("date", {"label": "Début des travaux envisagé", "required": False}),
    (
        "multiple_choice",
        {
            "label": "Autres financements sollicités",
            "required": False,
            "choices": [
                "Garantie d'emprunt de la Région",
                "Prêt bancaire",
                "Apport des habitants",
                "Fondation",
                "Collectivité locale",
            ],
        },
    ),
    ("file", {"label": "Plan de financement prévisionnel", "required": False}),
    (
        "section",
        {
            "heading": "Les critères VIURE",
            "help_text": (
                "Vivant, Inclusif, Utopique, Résilient, Esthétique : situez votre projet sur "
                "chacun."
            ),
        },
    ),
    ("viure", {"label": "Auto-évaluation VIURE", "required": True}),
]
FORMS_OF_HABITAT = [
    "Habitat participatif",
    "Habitat partagé",
    "Habitat inclusif",
    "Habitat intergénérationnel",
]


def _demo_answers(project, form, index: int) -> dict:
    """What a carrier of this project would have answered (values as the form keeps them)."""
    by_label = {question.label: question for question in questionnaire.questions_of(form)}

    def key(label):
        return by_label[label].id

    cost = 600_000 + 85_000 * (index % 9)
    return {
        key("Structure porteuse"): f"Association {project.title}",
        key("Commune du bâtiment"): str(project.commune) if project.commune_id else "Toulouse (31)",
        key("Forme d'habitat"): FORMS_OF_HABITAT[index % 4],
        key("Logements prévus"): project.dwellings or 6 + index % 7,
        key("Le projet en quelques paragraphes"): (
            f"{project.summary}\n\nLe bâtiment, aujourd'hui vacant, sera réhabilité pour "
            "accueillir des logements et des espaces partagés ouverts au quartier."
        ),
        key("Coût total de l'opération"): f"{cost}.00",
        key("Subvention demandée à la Région"): f"{min(200_000, cost // 6)}.00",
        key("Début des travaux envisagé"): f"2026-{(index % 9) + 3:02d}-01",
        key("Autres financements sollicités"): ["Prêt bancaire", "Apport des habitants"]
        + (["Garantie d'emprunt de la Région"] if index % 3 == 0 else []),
        key("Plan de financement prévisionnel"): None,
        key("Auto-évaluation VIURE"): {
            code: {
                "level": getattr(project, f"viure_{code}_level", None) or 2 + (index + n) % 3,
                "text": getattr(project, f"viure_{code}_text", "") or "",
            }
            for n, (code, _label) in enumerate(VIURE_CRITERIA)
        },
    }


def _draft_of(form, answers: dict) -> dict:
    """A version's answers as the form's draft holds them (the fields as typed)."""
    draft = {}
    for question in questionnaire.questions_of(form):
        value = answers.get(question.id)
        if question.kind == "viure":
            for code, _label in VIURE_CRITERIA:
                level, text = question.criterion_names(code)
                part = (value or {}).get(code) or {}
                draft[level] = "" if part.get("level") is None else str(part["level"])
                draft[text] = part.get("text", "")
        elif question.kind == "file":
            continue
        elif question.kind == "multiple_choice":
            draft[question.name] = list(value or [])
        else:
            draft[question.name] = "" if value is None else str(value)
    return draft


def _demo_viure_form(staff, sent_back) -> None:
    """The 2025 VIURE call's form and the answers the 16 applications sent after their
    entretien préalable: one sent twice (the team asked for more detail on the financing), and
    porteur.a's sent back for a revision, so that the demo shows the carriers' side of the form
    too."""
    programme = Programme.objects.get(slug="aap-viure")
    form = ApplicationForm.objects.create(
        programme=programme,
        title="Dossier de candidature VIURE 2025",
        intro=(
            "Les questions de l'appel à projets « VIURE – Nouvelles formes d'habiter » de la "
            "Région Occitanie. Vos réponses sont enregistrées au fil de la saisie : vous pouvez "
            "y revenir autant de fois que nécessaire avant de les envoyer."
        ),
        fields=VIURE_FORM,
        # After the entretien préalable.
        from_stage=programme.stages.get(staff_name="Candidature reçue"),
        sort_order=0,
    )
    form = ApplicationForm.objects.get(pk=form.pk)  # the blocks with their ids
    questions = questionnaire.questions_of(form)
    applications = (
        Application.objects.filter(
            round__programme=programme, events__to_stage__staff_name="Candidature reçue"
        )
        .select_related("project__commune")
        .order_by("pk")
    )
    for index, application in enumerate(applications):
        answers = _demo_answers(application.project, form, index)
        # Sent a week after the entretien préalable led to the application.
        sent_at = application.events.get(to_stage__staff_name="Candidature reçue").created_at
        sent_at += timedelta(days=7)
        response = FormResponse.objects.create(
            application=application,
            form=form,
            state=FormState.SUBMITTED,
            draft=_draft_of(form, answers),
            draft_saved_at=sent_at,
            draft_saved_by=application.created_by,
        )
        if index == 2:  # asked to be more precise about the financing: two versions
            first = dict(answers)
            first[questions[6].id] = f"{int(float(answers[questions[6].id])) + 40_000}.00"
            FormSubmission.objects.create(
                response=response,
                version=1,
                answers=first,
                questions=questionnaire.questions_snapshot(questions),
                submitted_by=application.created_by,
            )
        FormSubmission.objects.create(
            response=response,
            version=2 if index == 2 else 1,
            answers=answers,
            questions=questionnaire.questions_snapshot(questions),
            submitted_by=application.created_by,
        )
        FormSubmission.objects.filter(response=response).update(submitted_at=sent_at)
        if application.pk == sent_back.pk:
            response.state = FormState.REVISION
            response.revision_message = (
                "Merci pour ce dossier. Avant la pré-audition, pouvez-vous préciser le montage "
                "financier : la part de l'apport des foyers et le prêt bancaire envisagé ?"
            )
            response.save(update_fields=["state", "revision_message"])
        viure = answers[next(q.id for q in questions if q.kind == "viure")]
        for code, part in viure.items():
            ViureScore.objects.update_or_create(
                application=application,
                criterion=code,
                defaults={"self_level": part["level"], "self_text": part["text"][:1500]},
            )


# Reviews of the pre-audited applications --------------------------------------------------------


# The VIURE call's own questions to its reviewers, after the five criteria.
REVIEW_QUESTIONS = [
    (
        "choice",
        {
            "label": "Le projet est-il prêt pour l'instruction par la Région ?",
            "required": False,
            "choices": ["Oui", "Pas encore", "Non"],
        },
    ),
    (
        "long_text",
        {
            "label": "Points forts du projet",
            "help_text": "Ce qui vous a convaincu, en quelques lignes.",
            "required": False,
            "max_length": 1500,
        },
    ),
]


def _demo_reviews(staff, *, partner, jury) -> None:
    """Three reviewers on each of the 11 pre-audited VIURE applications: the CRESS team, the
    Région's services and an outside jury member; the Région declares a conflict on one."""
    pre_audited = (
        Application.objects.filter(
            round__programme__slug="aap-viure",
            events__to_stage__staff_name="Pré-audition",
        )
        .select_related("project")
        .distinct()
        .order_by("pk")
    )
    recommendations = [Recommendation.SELECT, Recommendation.CONDITIONS, Recommendation.REJECT]
    programme = Programme.objects.get(slug="aap-viure")
    programme.review_questions = REVIEW_QUESTIONS
    programme.save(update_fields=["review_questions"])
    programme = Programme.objects.get(pk=programme.pk)  # the blocks with their ids
    ready, strengths = questionnaire.review_questions_of(programme)
    for index, application in enumerate(pre_audited):
        selected = application.stage.is_positive_outcome
        for offset, reviewer in enumerate((staff, partner, jury)):
            review = Review(application=application, reviewer=reviewer, assigned_by=staff)
            if reviewer == partner and index == 4:
                review.conflict = ConflictOfInterest.DECLARED
                review.conflict_note = "J'ai accompagné ce projet dans un autre dispositif."
            else:
                base = 3 if selected else 1
                review.conflict = ConflictOfInterest.NONE
                review.scores = {
                    code: {
                        "score": min(4, max(0, base + (index + offset + n) % 3 - 1)),
                        "comment": "",
                    }
                    for n, (code, _label) in enumerate(VIURE_CRITERIA)
                }
                review.scores["inclusif"]["comment"] = (
                    "Des logements accessibles et une salle ouverte au quartier."
                    if selected
                    else "La place des futurs habitants reste à préciser."
                )
                review.recommendation = (
                    Recommendation.SELECT if selected else recommendations[(index + offset) % 3]
                )
                review.comment_for_team = (
                    "Un projet mûr, porté par un collectif solide."
                    if selected
                    else "Intéressant, mais le montage financier n'est pas encore bouclé."
                )
                review.answers = {
                    ready.id: "Oui" if selected else ("Pas encore" if index % 2 else "Non"),
                    strengths.id: "Un collectif soudé et un lieu déjà identifié."
                    if selected
                    else "",
                }
                review.submitted_at = application.last_activity_at
            review.save()


def _demo_opinion(application, region, partner) -> None:
    """The Région's opinion on what was shared with it: favourable where it went through,
    reserved on a guarantee still being examined."""
    final = application.stage
    if final.is_positive_outcome:
        opinion, comment = Opinion.FAVORABLE, "Projet cohérent avec les priorités régionales."
    else:
        opinion, comment = (
            Opinion.RESERVED,
            "Le plan de financement doit encore être consolidé avant la commission permanente.",
        )
    PartnerOpinion.objects.create(
        application=application,
        organisation=region,
        opinion=opinion,
        comment=comment,
        author=partner,
    )


def _demo_decisions(staff) -> None:
    """The decision messages the selected projects and the guarantee obtained received, from
    the programmes' templates (migration 0015), dated on their decision."""
    for template in DecisionTemplate.objects.filter(outcome__is_positive_outcome=True):
        for application in Application.objects.filter(stage=template.outcome).select_related(
            "project", "round__programme"
        ):
            message = ApplicationMessage.objects.create(
                application=application, author=staff, text=template.filled(application)
            )
            ApplicationMessage.objects.filter(pk=message.pk).update(
                created_at=application.closed_at or application.last_activity_at
            )
