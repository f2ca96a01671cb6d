"""Demo applications reproducing the 2025 activity report: VIURE — 18 preliminary interviews,
11 pre-auditions, 3 projects selected; loan guarantee — 5 carriers put in contact with the
regional services, 1 guarantee granted. Written as a history (events dated through 2025), not
through the services, so that loading the demo sends no notification."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from labo.accounts.models import PartnerOrganisation
from projects.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    EventKind,
    ProjectPage,
    Round,
)

PARIS = ZoneInfo("Europe/Paris")

# Project index in projects.demo.PROJECTS → the stages its VIURE application went through.
VIURE_PATHS = {
    0: ["Candidature reçue", "Entretien préalable"],  # porteur.a, still in progress
    1: ["Candidature reçue", "Entretien préalable", "Pré-audition", "Non retenu"],  # porteur.b
    2: [
        "Candidature reçue",
        "Entretien préalable",
        "Pré-audition",
        "Dossier complet",
        "Instruction Région",
        "Retenu",
    ],
    13: [
        "Candidature reçue",
        "Entretien préalable",
        "Pré-audition",
        "Dossier complet",
        "Instruction Région",
        "Retenu",
    ],
    11: [
        "Candidature reçue",
        "Entretien préalable",
        "Pré-audition",
        "Dossier complet",
        "Instruction Région",
        "Retenu",
    ],
    **{
        i: ["Candidature reçue", "Entretien préalable", "Pré-audition", "Non retenu"]
        for i in (3, 5, 7, 9, 12, 17, 19)
    },
    **{i: ["Candidature reçue", "Entretien préalable", "Non retenu"] for i in (4, 6, 8, 10)},
    **{i: ["Candidature reçue", "Entretien préalable", "Abandon"] for i in (14, 15)},
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
# The meeting held on the way into a stage: the report's 18 entretiens préalables,
# 11 pré-auditions and 3 agoras with the Région's services, and the guarantee's meetings.
MEETINGS = {
    "Entretien préalable": ("entretien", "Entretien préalable", "Locaux de la CRESS, Toulouse"),
    "Pré-audition": ("pre-audition", "Pré-audition", "La Cité, Toulouse"),
    "Instruction Région": (
        "agora",
        "Agora avec les services de la Région",
        "Hôtel de Région, Toulouse",
    ),
    "Mise en relation avec les services régionaux": (
        "rendez-vous",
        "Rendez-vous",
        "Direction de l'habitat, Région Occitanie, Montpellier",
    ),
}


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
            kind, label, place = MEETINGS[name]
            held = when - timedelta(days=2)
            _dated(
                ApplicationEvent.objects.create(
                    application=application,
                    kind=EventKind.APPOINTMENT,
                    appointment_kind=kind,
                    actor=staff,
                    text=f"{label} le {held:%d/%m/%Y} à 10:00 – {place}",
                ),
                held - timedelta(days=10),
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
            created += 1
    viure_a = Application.objects.get(project=projects[0], round__programme__slug="aap-viure")
    viure_a.next_appointment_at = datetime.now(PARIS).replace(
        hour=14, minute=0, second=0, microsecond=0
    ) + timedelta(days=12)
    viure_a.next_appointment_kind = "pre-audition"
    viure_a.next_appointment_place = "La Cité, 55 avenue Louis Breguet, Toulouse"
    viure_a.save()
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
    return created
