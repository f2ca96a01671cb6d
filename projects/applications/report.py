"""The calls for projects and guarantees in the activity report (labo.reports): per programme,
the stages its applications reached during the period (« 18 entretiens préalables »), the
meetings held by kind, the outcomes, the amounts and the median time per stage. The projects
are counted, never named, except those retained, whose profiles are public."""

from statistics import median

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.reports.period import Period
from labo.reports.sections import (
    BARS,
    DAYS,
    EUROS,
    FUNNEL,
    Figure,
    ReportSection,
    ReportTable,
    SectionContent,
    format_number,
)
from projects.applications.models import (
    Application,
    ApplicationEvent,
    AppointmentKind,
    Meeting,
    Programme,
)
from projects.selectors import public_projects

MEETING_NAMES = {
    AppointmentKind.INTERVIEW: "entretiens_prealables",
    AppointmentKind.PRE_AUDITION: "pre_auditions",
    AppointmentKind.AGORA: "agoras",
    AppointmentKind.MEETING: "rendez_vous",
}


def name_of(text: str) -> str:
    """A placeholder's name from a programme's slug or a stage's name."""
    return slugify(text).replace("-", "_")


def _stage_events(programme: Programme):
    return ApplicationEvent.objects.filter(
        application__round__programme=programme, to_stage__isnull=False
    )


def reached(programme: Programme, period: Period) -> dict[int, int]:
    """Stage → applications moved to it (or created in it) during the period, each counted
    once however often it came back to the stage."""
    return dict(
        _stage_events(programme)
        .filter(**period.moments("created_at"))
        .values_list("to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )


def active(programme: Programme, period: Period) -> int:
    return (
        _stage_events(programme)
        .filter(**period.moments("created_at"))
        .values("application")
        .distinct()
        .count()
    )


def median_days(programme: Programme, period: Period) -> dict[int, float]:
    """Stage → median days an application stayed there, for the stays that ended during the
    period (one query over the programme's stage changes)."""
    stays: dict[int, list[float]] = {}
    previous = None
    for application_id, stage_id, moment in (
        _stage_events(programme)
        .filter(created_at__lt=period.until)
        .order_by("application_id", "created_at", "pk")
        .values_list("application_id", "to_stage_id", "created_at")
    ):
        if previous and previous[0] == application_id and moment >= period.since:
            stays.setdefault(previous[1], []).append((moment - previous[2]).total_seconds() / 86400)
        previous = (application_id, stage_id, moment)
    return {stage: round(median(days), 1) for stage, days in stays.items()}


def meetings_held(programme: Programme, period: Period) -> dict[str, int]:
    """Kind → meetings held (begun, not cancelled) during the period; an agora bringing
    several applications together counts once."""
    until = min(period.until, timezone.now())
    return dict(
        Meeting.objects.filter(
            round__programme=programme,
            cancelled_at=None,
            starts_at__gte=period.since,
            starts_at__lt=until,
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _outcome_applications(programme: Programme, period: Period):
    positive = _stage_events(programme).filter(
        to_stage__is_positive_outcome=True, **period.moments("created_at")
    )
    return Application.objects.filter(pk__in=positive.values("application"))


def _amounts(programme: Programme, period: Period) -> dict:
    requested = Application.objects.filter(
        round__programme=programme, **period.moments("created_at")
    ).aggregate(total=Sum("amount_requested"))["total"]
    granted = _outcome_applications(programme, period).aggregate(total=Sum("amount_granted"))[
        "total"
    ]
    return {"requested": requested, "granted": granted}


def retained_titles(programme: Programme, period: Period) -> list[str]:
    """The projects that obtained the programme's favourable outcome: named only when their
    profile is public."""
    public = set(public_projects().values_list("pk", flat=True))
    titles = []
    for project_id, title in (
        _outcome_applications(programme, period)
        .order_by("project__title")
        .values_list("project_id", "project__title")
    ):
        titles.append(
            title if project_id in public else _("un projet dont la fiche n'est pas publique")
        )
    return titles


def programmes_active(period: Period) -> list[Programme]:
    """The programmes whose applications moved, or met the team, in the period or the one
    before (so that every comparison has its two sides)."""
    earlier = period.previous()
    moved = ApplicationEvent.objects.filter(
        to_stage__isnull=False, created_at__gte=earlier.since, created_at__lt=period.until
    ).values("application__round__programme")
    met = Meeting.objects.filter(
        cancelled_at=None, starts_at__gte=earlier.since, starts_at__lt=period.until
    ).values("round__programme")
    return list(
        Programme.objects.filter(Q(pk__in=moved) | Q(pk__in=met))
        .prefetch_related("stages")
        .order_by("name")
    )


def _programme_content(programme: Programme, period: Period) -> SectionContent:
    prefix = name_of(programme.slug)
    earlier = period.previous()
    stages = list(programme.stages.all())
    now, before = reached(programme, period), reached(programme, earlier)
    held, held_before = meetings_held(programme, period), meetings_held(programme, earlier)
    amounts, amounts_before = _amounts(programme, period), _amounts(programme, earlier)
    medians = median_days(programme, period)
    sessions = ", ".join(
        str(round_.edition)
        for round_ in programme.rounds.filter(
            Q(applications__events__created_at__gte=period.since)
            & Q(applications__events__created_at__lt=period.until)
        ).distinct()
    )

    group = programme.name
    # Each stage's count is a placeholder for the narrative (« {garantie_emprunt_mise_en_…} »)
    # and a row of the funnel's table; the figures keep what the annual report quotes.
    facts = {
        f"{prefix}_{name_of(stage.staff_name)}": format_number(now.get(stage.pk, 0))
        for stage in stages
    }
    figures = [
        Figure(
            f"{prefix}_candidatures",
            _("Candidatures suivies"),
            _(
                "Candidatures qui ont atteint au moins une étape pendant la période (la "
                "première comprise)."
            ),
            active(programme, period),
            active(programme, earlier),
            group=group,
        )
    ]
    for kind, label in AppointmentKind.choices:
        if held.get(kind) or held_before.get(kind):
            figures.append(
                Figure(
                    f"{prefix}_{MEETING_NAMES[kind]}",
                    str(label),
                    _(
                        "Rendez-vous de ce type tenus pendant la période (commencés, non "
                        "annulés) ; une rencontre de plusieurs candidatures compte une fois."
                    ),
                    held.get(kind, 0),
                    held_before.get(kind, 0),
                    group=group,
                )
            )
    positive = [stage.pk for stage in stages if stage.is_positive_outcome]
    figures.append(
        Figure(
            f"{prefix}_issues_favorables",
            _("Issues favorables"),
            _(
                "Candidatures arrivées pendant la période à une étape d'issue favorable "
                "(projet retenu, garantie accordée)."
            ),
            sum(now.get(pk, 0) for pk in positive),
            sum(before.get(pk, 0) for pk in positive),
            group=group,
        )
    )
    if any(value is not None for value in (*amounts.values(), *amounts_before.values())):
        figures += [
            Figure(
                f"{prefix}_montant_demande",
                _("Montants demandés"),
                _("Somme des montants demandés par les candidatures déposées pendant la période."),
                amounts["requested"],
                amounts_before["requested"],
                EUROS,
                group=group,
            ),
            Figure(
                f"{prefix}_montant_accorde",
                _("Montants accordés"),
                _(
                    "Somme des montants accordés aux candidatures arrivées à une issue "
                    "favorable pendant la période."
                ),
                amounts["granted"],
                amounts_before["granted"],
                EUROS,
                group=group,
            ),
        ]

    tables = [
        ReportTable(
            name=f"{programme.slug}-etapes",
            title=_("%(programme)s : étapes atteintes") % {"programme": programme.name},
            definition=_(
                "Candidatures qui ont atteint chaque étape pendant la période, et la durée "
                "médiane passée à l'étape pour les séjours terminés dans la période. "
                "Sessions : %(sessions)s."
            )
            % {"sessions": sessions or "—"},
            columns=[
                _("Étape"),
                _("Candidatures (%(period)s)") % {"period": period.short_label},
                earlier.short_label,
                _("Durée médiane (jours)"),
            ],
            rows=[
                [
                    stage.staff_name,
                    now.get(stage.pk, 0),
                    before.get(stage.pk, 0),
                    medians.get(stage.pk),
                ]
                for stage in stages
            ],
            chart=FUNNEL,
            charted=1,
        )
    ]
    if held or held_before:
        tables.append(
            ReportTable(
                name=f"{programme.slug}-rendez-vous",
                title=_("%(programme)s : rendez-vous tenus") % {"programme": programme.name},
                definition=_("Rendez-vous tenus pendant la période, par type."),
                columns=[_("Type"), period.short_label, earlier.short_label],
                rows=[
                    [label, held.get(kind, 0), held_before.get(kind, 0)]
                    for kind, label in AppointmentKind.choices
                    if held.get(kind) or held_before.get(kind)
                ],
                chart=BARS,
            )
        )
    titles = retained_titles(programme, period)
    if titles:
        tables.append(
            ReportTable(
                name=f"{programme.slug}-retenus",
                title=_("%(programme)s : projets arrivés à une issue favorable")
                % {"programme": programme.name},
                definition=_("Leurs fiches sont publiques ; aucun autre projet n'est nommé."),
                columns=[_("Projet")],
                rows=[[title] for title in titles],
            )
        )
    medians_figure = [value for value in medians.values() if value is not None]
    if medians_figure:
        figures.append(
            Figure(
                f"{prefix}_duree_mediane",
                _("Durée médiane d'une étape"),
                _("Médiane, sur toutes les étapes, des durées médianes du tableau des étapes."),
                round(median(medians_figure), 1),
                None,
                DAYS,
                group=group,
            )
        )
    return SectionContent(
        figures=figures,
        tables=tables,
        facts={**facts, f"{prefix}_projets_retenus": ", ".join(titles) or "—"},
    )


def _narrative(programme: Programme, content: SectionContent) -> str:
    """The proposed sentences for a programme: its first stages and meetings, then its
    favourable outcomes."""
    prefix = name_of(programme.slug)
    names = {figure.name for figure in content.figures}
    parts = []
    meetings = [
        f"{{{prefix}_{name}}} {label}"
        for name, label in (
            ("entretiens_prealables", _("entretiens préalables")),
            ("pre_auditions", _("pré-auditions")),
            ("agoras", _("agoras avec les services de la Région")),
            ("rendez_vous", _("rendez-vous")),
        )
        if f"{prefix}_{name}" in names
    ]
    if meetings:
        parts.append(
            _("Pour « %(programme)s », la CRESS a tenu en {periode} %(meetings)s.")
            % {"programme": programme.name, "meetings": ", ".join(meetings)}
        )
    parts.append(
        _(
            "Issues favorables dans la période : {%(prefix)s_issues_favorables} "
            "({%(prefix)s_projets_retenus})."
        )  # fmt: skip
        % {"prefix": prefix}
    )
    return " ".join(parts)


def build(period: Period) -> SectionContent:
    figures, tables, facts, narrative = [], [], {}, []
    for programme in programmes_active(period):
        content = _programme_content(programme, period)
        figures += content.figures
        tables += content.tables
        facts.update(content.facts)
        narrative.append(_narrative(programme, content))
    return SectionContent(
        figures=figures,
        tables=tables,
        facts=facts,
        narrative="\n\n".join(narrative),
    )


SECTION = ReportSection(
    name="candidatures",
    order=20,
    title=gettext_lazy("Appels à projets et garanties"),
    build=build,
)
