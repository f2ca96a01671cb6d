"""Reads of applications, always filtered by who asks (projects.permissions)."""

from datetime import timedelta
from statistics import median
from types import SimpleNamespace

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labo.accounts.models import PartnerOrganisation
from labo.caching.versions import content_version, once_per_request, under_content_version
from labo.core.forms import ModelChoiceField
from labo.geography import Departement, departement_outlines, map_shade
from labo.permissions import is_staff_member
from labo.prepared import PreparedQuery
from labo.roles import STAFF_GROUP
from projects.applications import permissions, questionnaire
from projects.applications.workflow import explicit_transitions
from projects.choices import VIURE_CRITERIA
from projects.models import (
    Application,
    ApplicationAccess,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationForm,
    ApplicationMessage,
    ApplicationNote,
    ApplicationReadMark,
    AppointmentKind,
    EventKind,
    FormResponse,
    FormState,
    FormSubmission,
    Meeting,
    Programme,
    RequiredDocument,
    Review,
    Round,
    Stage,
    ViureScore,
)


def applications_exported_for(user):
    """Staff export every application; a partner the ones shared with their organisation
    (not those they only review, nor their own project's)."""
    if is_staff_member(user):
        return Application.objects.all()
    return Application.objects.filter(shared_with__memberships__user=user).distinct()


def applications_visible_to(user):
    """Staff see every application; a team its project's; a partner those shared with its
    organisation; a reviewer (a jury member) those assigned to them. Anyone else: none."""
    queryset = Application.objects.all()
    if is_staff_member(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(
        Q(project__memberships__user=user)
        | Q(shared_with__memberships__user=user)
        | Q(reviews__reviewer=user)
    ).distinct()


def _rounds():
    return Round.objects.select_related("programme")


def _stages():
    return Stage.objects.select_related("programme")


def _programmes():
    return Programme.objects.all()


def _staff_people():
    return get_user_model().objects.filter(groups__name=STAFF_GROUP).order_by("display_name")


# The filter's choices, read by the same builders as the fields' querysets (which check what
# is sent).
PROGRAMMES = PreparedQuery(_programmes)
STAFF_PEOPLE = PreparedQuery(_staff_people)
# Every session (with its programme) and every stage: `programme_tables`.
ROUNDS = PreparedQuery(_rounds)
STAGES = PreparedQuery(_stages)


class ApplicationFilterForm(forms.Form):
    programme = ModelChoiceField(
        label=_("Programme"),
        queryset=_programmes(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous"),
    )
    session = ModelChoiceField(
        label=_("Session"),
        queryset=_rounds(),
        required=False,
        empty_label=_("Toutes"),
    )
    etape = ModelChoiceField(
        label=_("Étape"),
        queryset=_stages(),
        required=False,
        empty_label=_("Toutes"),
    )
    referent = ModelChoiceField(
        label=_("Référent·e CRESS"),
        required=False,
        empty_label=_("Tous"),
        queryset=_staff_people(),
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, choices=[("", _("Tous"))] + Departement.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sessions and stages grouped under their programme, in the programme's order, instead
        # of the two programmes' stages interleaved; from the tables the list reads anyway.
        self.fields["programme"].choices = [("", _("Tous"))] + [
            (programme.slug, str(programme)) for programme in PROGRAMMES.rows()
        ]
        self.fields["referent"].choices = [("", _("Tous"))] + [
            (person.pk, str(person)) for person in STAFF_PEOPLE.rows()
        ]
        rounds, stages = programme_tables()
        newest_first = sorted(rounds.values(), key=lambda round_: round_.edition, reverse=True)
        self.fields["session"].choices = [("", _("Toutes"))] + _by_programme(
            sorted(newest_first, key=lambda round_: round_.programme.name),
            lambda round_: round_.edition,
        )
        self.fields["etape"].choices = [("", _("Toutes"))] + _by_programme(
            sorted(stages.values(), key=lambda stage: (stage.programme.name, stage.sort_order)),
            lambda stage: stage.staff_name,
        )


def _by_programme(rows, label) -> list:
    groups: dict = {}
    for row in rows:
        groups.setdefault(row.programme.name, []).append((row.pk, label(row)))
    return list(groups.items())


def filter_applications(queryset, data) -> tuple:
    form = ApplicationFilterForm(data)
    form.is_valid()
    cleaned = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    if cleaned.get("programme"):
        queryset = queryset.filter(round__programme=cleaned["programme"])
    if cleaned.get("session"):
        queryset = queryset.filter(round=cleaned["session"])
    if cleaned.get("etape"):
        queryset = queryset.filter(stage=cleaned["etape"])
    if cleaned.get("referent"):
        queryset = queryset.filter(cress_referent=cleaned["referent"])
    if cleaned.get("departement"):
        queryset = queryset.filter(project__departement=cleaned["departement"])
    return queryset, form


def unread_messages(user) -> Exists:
    """For an application query: whether someone else wrote in its conversation since this
    person last read it."""
    read_since = ApplicationReadMark.objects.filter(
        application=OuterRef(OuterRef("pk")), user=user, read_at__gte=OuterRef("created_at")
    )
    messages = (
        ApplicationMessage.objects.filter(application=OuterRef("pk"))
        .exclude(author=user)
        .exclude(Exists(read_since))
    )
    if not is_staff_member(user):
        # The conversation is the team's and the partners' to read, never a jury member's:
        # not even whether there is something new in it.
        messages = messages.filter(
            Q(application__project__memberships__user=user)
            | Q(application__shared_with__memberships__user=user)
        )
    return Exists(messages)


def with_list_data(queryset, user):
    """Everything the list shows, including whether someone else wrote since this person last
    read the conversation, in a fixed number of queries."""
    # The small tables (sessions, programmes, stages) come from `with_programme_tables`:
    # joined into the list's query, eight tables and two subqueries cost PostgreSQL 30 ms of
    # planning for 2 ms of execution at national scale.
    # Only the columns the list shows, the project's as plain values: a project is a Wagtail
    # page of some forty columns, and building 25 of them was a third of the page's time.
    return queryset.only(
        "round_id", "stage_id", "next_appointment_at", "last_activity_at"
    ).annotate(
        project_title=F("project__title"),
        project_departement=F("project__departement"),
        commune_name=F("project__commune__name"),
        has_unread=unread_messages(user),
    )


def with_programme_tables(applications) -> list:
    """The applications with their session (and programme) and stage, from the small tables
    kept under the content version (`programme_tables`) instead of queries of their own."""
    rounds, stages = programme_tables()
    applications = list(applications)
    for application in applications:
        # A session or stage newer than the tables (written without signals, by a bulk
        # import): read from the database rather than fail.
        application.round = rounds.get(application.round_id) or Round.objects.select_related(
            "programme"
        ).get(pk=application.round_id)
        application.stage = stages.get(application.stage_id) or Stage.objects.get(
            pk=application.stage_id
        )
    return applications


def programme_tables() -> tuple[dict, dict]:
    """Every session (with its programme) and every stage, by id: a few dozen rows that only
    the team changes, in the admin (a write that moves the content version)."""

    def read() -> tuple[dict, dict]:
        return (
            {round_.pk: round_ for round_ in ROUNDS.rows()},
            {stage.pk: stage for stage in STAGES.rows()},
        )

    # Read by the application's query and by its workflow: once per request, cache or not.
    return once_per_request(
        f"application-programme-tables:{content_version()}",
        lambda: under_content_version("application-programme-tables", read),
    )


def programme_workflow(programme) -> tuple[list, dict]:
    """The programme's stages in order (from `programme_tables`) and its explicit transitions
    (`workflow.explicit_transitions`), kept under the content version: the team edits them in
    the admin, a write that moves it."""
    _rounds, stages = programme_tables()
    ordered = sorted(
        (stage for stage in stages.values() if stage.programme_id == programme.pk),
        key=lambda stage: (stage.sort_order, stage.pk),
    )
    transitions = under_content_version(
        f"application-transitions:{programme.pk}", lambda: explicit_transitions(programme)
    )
    return ordered, transitions


def read_at_of(user) -> Subquery:
    """For an application query: when this person last read each application (their read
    mark), None when never."""
    return Subquery(
        ApplicationReadMark.objects.filter(application=OuterRef("pk"), user=user).values("read_at")[
            :1
        ]
    )


def _organisations_sharing(application_id: int):
    shared = Application.shared_with.through.objects.filter(
        application_id=application_id, partnerorganisation=OuterRef("pk")
    )
    return PartnerOrganisation.objects.annotate(is_shared=Exists(shared)).order_by("name")


# The queries of an application's page are built once per process, the application's id their
# parameter (labo.prepared): an application page sends about fifteen of them.
ORGANISATIONS_SHARING = PreparedQuery(_organisations_sharing, parameters=("application_id",))


def partner_organisations_for(application) -> list:
    """Every partner organisation, each with `is_shared`: whether `application` is shared
    with it (the team's sharing buttons), in one query."""
    return ORGANISATIONS_SHARING.rows(application_id=application.pk)


def team_choices() -> list[tuple[int, str]]:
    """The CRESS team as (id, name), for the referent's choices; joining or leaving the team
    changes a group membership, which moves the content version."""
    # Read by the details form and for the referent's name: once per request, cache or not.
    return once_per_request(
        f"application-team-choices:{content_version()}",
        lambda: under_content_version(
            "application-team-choices",
            lambda: [
                (person.pk, str(person))
                for person in get_user_model()
                .objects.filter(groups__name=STAFF_GROUP)
                .order_by("display_name", "pk")
            ],
        ),
    )


def application_audience(application, user) -> str:
    """Which journal of the application this person reads, as a word for cache keys: the team
    of the CRESS sees every event and note; the project's team the events for carriers; a
    partner the events and notes shared with partners; someone in both the project's team and
    a partner organisation, both (« team+partner »: never the cached journal of either)."""
    if is_staff_member(user):
        return "staff"
    roles = []
    if permissions.is_application_team(user, application):
        roles.append("team")
    if permissions.is_application_partner(user, application):
        roles.append("partner")
    if not roles and permissions.is_application_reviewer(user, application):
        # An outside jury member: the file and its answers, never notes nor conversation.
        return "jury"
    return "+".join(roles) or "none"


def _timeline(application_id: int, audience: str):
    events = ApplicationEvent.objects.filter(application_id=application_id).select_related(
        "actor", "from_stage", "to_stage"
    )
    # Messages and notes have their own sections: shown once, there.
    events = events.exclude(kind__in=[EventKind.MESSAGE, EventKind.NOTE])
    if audience == "staff":
        return events
    if "team" in audience:
        return events.filter(visible_to_carriers=True)
    if audience == "jury":
        return events.filter(kind__in=[EventKind.CREATED, EventKind.STAGE, EventKind.FORM])
    return events.filter(visible_to_partners=True)


def _notes(application_id: int, audience: str):
    notes = ApplicationNote.objects.filter(application_id=application_id).select_related("author")
    if audience == "staff":
        return notes
    if "partner" in audience:
        return notes.filter(shared_with_partners=True)
    return notes.none()


TIMELINE = PreparedQuery(_timeline, kept=8, parameters=("application_id",))
NOTES = PreparedQuery(_notes, kept=8, parameters=("application_id",))


def application_timeline(application, audience: str) -> list:
    """The application's journal as this audience reads it (`application_audience`)."""
    return TIMELINE.rows(application_id=application.pk, audience=audience)


def application_notes(application, audience: str) -> list:
    """The staff's notes on the application that this audience may read."""
    return NOTES.rows(application_id=application.pk, audience=audience)


# Where each document of the programme stands, as the application page says it.
DOCUMENT_STATES = {
    "valide": (_("Validé"), "success"),
    "a-reprendre": (_("À reprendre"), "warning"),
    "depose": (_("Déposé, à vérifier"), "info"),
    "a-deposer": (_("À déposer"), "warning"),
    "en-retard": (_("En retard"), "danger"),
    "facultatif": (_("Facultatif"), "neutral"),
    "non-requis": (_("Non requis à cette étape"), "neutral"),
    "clos": (_("Non requis : candidature close"), "neutral"),
}
REVIEW_STATES = {"accepte": "valide", "a-refaire": "a-reprendre", "a-verifier": "depose"}


def _stages_reached_on(application) -> dict:
    """When the application last reached each stage: {stage_id: local date}. One query."""
    return {
        stage_id: timezone.localdate(at)
        for stage_id, at in ApplicationEvent.objects.filter(
            application=application, to_stage__isnull=False
        )
        .values("to_stage")
        .annotate(at=Max("created_at"))
        .values_list("to_stage", "at")
    }


def _due_on(requirement, application, reached: dict):
    """A document's deadline: so many days after its stage was reached, else the session's
    closing day; None when neither is set."""
    if requirement.due_within_days is not None:
        if not reached:
            reached.update(_stages_reached_on(application) or {None: None})
        if requirement.stage_id in reached:
            return reached[requirement.stage_id] + timedelta(days=requirement.due_within_days)
    return application.round.closes_on


def _documents_of(application_id: int):
    return ApplicationDocument.objects.filter(application_id=application_id).order_by(
        "required_document_id", "-version"
    )


def _required_documents(programme_id: int):
    return (
        RequiredDocument.objects.filter(programme_id=programme_id)
        .select_related("stage")
        .order_by("stage__sort_order", "sort_order")
    )


DOCUMENTS_OF = PreparedQuery(_documents_of, parameters=("application_id",))
REQUIRED_DOCUMENTS = PreparedQuery(_required_documents, parameters=("programme_id",))


def document_states(application) -> list[dict]:
    """Every document the programme asks for, in the order of its stages, each with its latest
    version and its state: a document of a later stage is not required yet, and nothing more
    is expected of an application that has reached its outcome."""
    latest = {}
    for document in DOCUMENTS_OF.rows(application_id=application.pk):
        latest.setdefault(document.required_document_id, document)
    closed = not application.is_open or application.stage.is_outcome
    reached = {}  # read once, and only if a requirement counts its days from its stage
    today = timezone.localdate()
    items = []
    for requirement in REQUIRED_DOCUMENTS.rows(programme_id=application.round.programme_id):
        document = latest.get(requirement.pk)
        if document is not None:
            state = REVIEW_STATES.get(document.review, "depose")
        elif closed:
            state = "clos"
        elif requirement.stage.sort_order > application.stage.sort_order:
            state = "non-requis"
        else:
            state = "a-deposer" if requirement.mandatory else "facultatif"
        due_on = _due_on(requirement, application, reached) if state == "a-deposer" else None
        if due_on is not None and due_on < today:
            state = "en-retard"
        label, tone = DOCUMENT_STATES[state]
        items.append(
            {
                "requirement": requirement,
                "document": document,
                "state": state,
                "state_label": label,
                "tone": tone,
                "due_on": due_on,
                # A carrier may (re)send what is due, or a new version of what they sent.
                "uploadable": state not in ("non-requis", "clos", "valide"),
            }
        )
    return items


def _within(queryset, within, field="application"):
    """`queryset` limited to the applications of `within` (an application queryset), or left
    whole when it is None (staff)."""
    if within is None:
        return queryset
    return queryset.filter(**{f"{field}__in": within.values("pk")})


def reached_counts(round_: Round, within=None) -> list[dict]:
    """How many applications of a round reached each stage ("18 entretiens préalables"), from
    the timeline: an application reached a stage if it was ever moved to it (or created in it)."""
    events = ApplicationEvent.objects.filter(application__round=round_, to_stage__isnull=False)
    counts = dict(
        _within(events, within)
        .values_list("to_stage")
        .annotate(n=Count("application", distinct=True))
    )
    result = []
    previous = None
    medians = median_days_per_stage(round_, within)
    for stage in round_.programme.stages.all():
        count = counts.get(stage.pk, 0)
        conversion = round(100 * count / previous) if previous and not stage.is_outcome else None
        result.append(
            {
                "stage": stage,
                "count": count,
                "conversion": conversion,
                "median_days": medians.get(stage.pk),
            }
        )
        if not stage.is_outcome:
            previous = count
    return result


def median_days_per_stage(round_: Round, within=None) -> dict[int, float]:
    """Median number of days applications stayed in each stage before leaving it."""
    durations: dict[int, list[float]] = {}
    events = (
        _within(
            ApplicationEvent.objects.filter(application__round=round_, to_stage__isnull=False),
            within,
        )
        .order_by("application_id", "created_at", "pk")
        .values_list("application_id", "to_stage_id", "created_at")
    )
    previous = None
    for application_id, stage_id, created_at in events:
        if previous and previous[0] == application_id:
            days = (created_at - previous[2]).total_seconds() / 86400
            durations.setdefault(previous[1], []).append(days)
        previous = (application_id, stage_id, created_at)
    return {stage_id: round(median(values), 1) for stage_id, values in durations.items()}


def appointments_counted(round_: Round, within=None, *, now=None) -> list[dict]:
    """The meetings of a session by kind (« 18 entretiens préalables, 11 pré-auditions,
    3 agoras »), from its meetings: those held (begun, not cancelled), and those to come apart.
    An agora of several applications counts once; a partner counts the meetings of the
    applications shared with them."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(round=round_, cancelled_at=None)
    if within is not None:
        meetings = meetings.filter(
            pk__in=Meeting.applications.through.objects.filter(
                application__in=within.values("pk")
            ).values("meeting")
        )
    rows = meetings.values("kind").annotate(
        held=Count("pk", filter=Q(starts_at__lte=now)),
        upcoming=Count("pk", filter=Q(starts_at__gt=now)),
    )
    counts = {row["kind"]: row for row in rows}
    return [
        {
            "kind": kind,
            "label": label,
            "count": counts[kind]["held"],
            "upcoming": counts[kind]["upcoming"],
            "counted": _appointments_counted_label(kind, counts[kind]["held"]),
        }
        for kind, label in AppointmentKind.choices
        if kind in counts
    ]


def _meetings_of(application_id: int):
    return Meeting.objects.filter(applications__id=application_id).order_by("starts_at", "pk")


MEETINGS_OF = PreparedQuery(_meetings_of, parameters=("application_id",))


def application_meetings(application, *, now=None) -> dict:
    """An application's meetings: upcoming (soonest first), then held or cancelled (latest
    first). One query."""
    now = now or timezone.now()
    meetings = MEETINGS_OF.rows(application_id=application.pk)
    upcoming = [m for m in meetings if m.starts_at > now and not m.is_cancelled]
    past = [m for m in reversed(meetings) if m not in upcoming]
    return {"upcoming": upcoming, "past": past}


def _appointments_counted_label(kind: str, count: int) -> str:
    """« 18 entretiens préalables », « 3 agoras avec les services de la Région »."""
    if kind == AppointmentKind.INTERVIEW:
        text = ngettext("%(n)d entretien préalable", "%(n)d entretiens préalables", count)
    elif kind == AppointmentKind.PRE_AUDITION:
        text = ngettext("%(n)d pré-audition", "%(n)d pré-auditions", count)
    elif kind == AppointmentKind.AGORA:
        text = ngettext(
            "%(n)d agora avec les services de la Région",
            "%(n)d agoras avec les services de la Région",
            count,
        )
    else:
        text = ngettext("%(n)d rendez-vous", "%(n)d rendez-vous", count)
    return text % {"n": count}


# The funnel chart's geometry, in SVG units.
FUNNEL_WIDTH, FUNNEL_LABEL, FUNNEL_ROW = 640, 200, 30


def funnel_chart(reached: list[dict]) -> dict:
    """Bars of the stages reached, widest first, for the dashboard's SVG."""
    top = max((row["count"] for row in reached), default=0) or 1
    room = FUNNEL_WIDTH - FUNNEL_LABEL - 40
    bars = [
        {
            **row,
            "y": index * FUNNEL_ROW,
            "width": max(2, round(room * row["count"] / top)),
            "text_y": index * FUNNEL_ROW + 19,
        }
        for index, row in enumerate(reached)
    ]
    for bar in bars:
        bar["value_x"] = FUNNEL_LABEL + bar["width"] + 6
    return {
        "bars": bars,
        "width": FUNNEL_WIDTH,
        "height": len(bars) * FUNNEL_ROW,
        "label_width": FUNNEL_LABEL,
    }


def departement_chart(round_: Round, within=None) -> dict:
    """The Occitanie map of the site, each département shaded by its applications."""
    outlines = departement_outlines()
    counts = dict(
        _within(Application.objects.filter(round=round_), within, field="pk")
        .values_list("project__departement")
        .annotate(n=Count("pk"))
    )
    top = max(counts.values(), default=0) or 1
    labels = dict(Departement.choices)
    return {
        "view_box": outlines["viewBox"],
        "departements": [
            {
                "value": code,
                "label": labels.get(code, code),
                "path": path,
                "count": counts.get(code, 0),
                "shade": map_shade(counts.get(code, 0), top),
            }
            for code, path in sorted(outlines["departements"].items())
        ],
    }


# Application forms -------------------------------------------------------------------------------


def form_is_open_for(application_form, application) -> bool:
    """A form asked from a later stage is shown once the application has reached it."""
    if application_form.from_stage_id is None:
        return True
    _rounds, stages = programme_tables()
    from_stage = stages.get(application_form.from_stage_id)
    return from_stage is None or application.stage.sort_order >= from_stage.sort_order


def _programme_forms(programme_id: int):
    return ApplicationForm.objects.filter(programme_id=programme_id).order_by("sort_order", "pk")


def _responses_counted(application_id: int):
    return FormResponse.objects.filter(application_id=application_id).annotate(
        version_count=Count("versions"),
        latest_version=Max("versions__version"),
        latest_at=Max("versions__submitted_at"),
    )


PROGRAMME_FORMS = PreparedQuery(_programme_forms, parameters=("programme_id",))
RESPONSES_COUNTED = PreparedQuery(_responses_counted, parameters=("application_id",))


def application_forms(application, *, with_versions: bool = False) -> list[dict]:
    """The programme's forms this application has reached, each with its response (None before
    anyone typed), its versions sent and the completeness of the draft. The application's
    page needs only the latest version's number and date (`with_versions=False`: two queries);
    the form's own page reads every version (three)."""
    forms_ = [
        application_form
        for application_form in PROGRAMME_FORMS.rows(programme_id=application.round.programme_id)
        if form_is_open_for(application_form, application)
    ]
    if not forms_:
        return []
    if with_versions:
        responses = FormResponse.objects.filter(
            application=application, form__in=forms_
        ).prefetch_related("versions")
    else:
        # Every response of the application: those of forms it has not reached are left out
        # below (`forms_`), so that the query's SQL is the same for every application.
        responses = RESPONSES_COUNTED.rows(application_id=application.pk)
    by_form = {response.form_id: response for response in responses}
    rows = []
    for application_form in forms_:
        response = by_form.get(application_form.pk)
        if response is None:
            versions, latest, count = [], None, 0
        elif with_versions:
            versions = list(response.versions.all())
            latest, count = (versions[-1] if versions else None), len(versions)
        else:
            versions, count = [], response.version_count
            latest = (
                SimpleNamespace(version=response.latest_version, submitted_at=response.latest_at)
                if count
                else None
            )
        rows.append(
            {
                "form": application_form,
                "response": response,
                "state": response.state if response else FormState.DRAFT,
                "versions": versions,
                "version_count": count,
                "latest": latest,
                "completeness": questionnaire.completeness(
                    questionnaire.questions_of(application_form),
                    response.draft if response else {},
                ),
            }
        )
    return rows


def form_answer_columns(applications) -> tuple[list[str], dict[int, list[str]]]:
    """For an export: one column per question of the forms these applications' programmes
    ask (« Form: question »), and each application's latest answers sent, as text. Three
    queries whatever the number of applications."""
    applications = list(applications)
    programme_ids = {application.round.programme_id for application in applications}
    application_forms = list(
        ApplicationForm.objects.filter(programme_id__in=programme_ids).order_by(
            "programme__name", "sort_order", "pk"
        )
    )
    columns = [
        (application_form, question)
        for application_form in application_forms
        for question in questionnaire.questions_of(application_form)
    ]
    latest = {}
    submissions = FormSubmission.objects.filter(
        response__application__in=[application.pk for application in applications]
    ).values_list("response__application_id", "response__form_id", "version", "answers")
    for application_id, form_id, version, answers in submissions:
        kept = latest.get((application_id, form_id))
        if kept is None or kept[0] < version:
            latest[(application_id, form_id)] = (version, answers)
    values = {}
    for application in applications:
        row = []
        for application_form, question in columns:
            answers = latest.get((application.pk, application_form.pk), (0, {}))[1]
            row.append(
                questionnaire.answer_text(question.kind, answers.get(question.id), question.options)
            )
        values[application.pk] = row
    headers = [
        f"{application_form.title} : {question.label}" for application_form, question in columns
    ]
    return headers, values


# Reviews -----------------------------------------------------------------------------------------


def reviews_of(application) -> list:
    return list(
        Review.objects.filter(application=application)
        .select_related("reviewer")
        .order_by("assigned_at", "pk")
    )


def reviewer_choices(application) -> list[tuple[int, str]]:
    """Who staff may ask to review: the CRESS team and the people of partner organisations,
    minus those already asked and the project's own team."""
    taken = set(Review.objects.filter(application=application).values_list("reviewer", flat=True))
    team = set(
        get_user_model()
        .objects.filter(project_memberships__project=application.project_id)
        .values_list("pk", flat=True)
    )
    people = (
        get_user_model()
        .objects.filter(Q(groups__name=STAFF_GROUP) | Q(partner_memberships__isnull=False))
        .filter(is_active=True)
        .distinct()
        .order_by("display_name", "pk")
    )
    return [(person.pk, str(person)) for person in people if person.pk not in taken | team]


def review_summary(application, reviews: list) -> list[dict]:
    """Per VIURE criterion: the sent reviews' scores (0–4), their mean and spread, beside the
    carriers' self-assessment (0–5). Reviews with a declared conflict count for nothing."""
    counted = [review for review in reviews if review.is_submitted and not review.has_conflict]
    own = {score.criterion: score for score in application.viure_scores.all()}
    rows = []
    for code, label in VIURE_CRITERIA:
        scores = [
            review.scores[code]["score"]
            for review in counted
            if review.scores.get(code, {}).get("score") is not None
        ]
        rows.append(
            {
                "label": label,
                "scores": scores,
                "mean": round(sum(scores) / len(scores), 1) if scores else None,
                "spread": (max(scores) - min(scores)) if scores else None,
                "self_level": own[code].self_level if code in own else None,
            }
        )
    return rows


def recent_accesses(application, limit: int = 12) -> list:
    """The latest visits of partners and jury members to this application, for staff."""
    return list(
        ApplicationAccess.objects.filter(application=application)
        .select_related("user")
        .order_by("-accessed_at", "-pk")[:limit]
    )


def review_columns(applications) -> tuple[list[str], dict[int, list]]:
    """For staff's export: per application, the reviews sent, each criterion's mean (0–4), the
    recommendations given, then one column per question of the programmes' review forms (the
    reviewers' answers, « ; » between them). One query whatever the number of applications,
    and one per programme for its questions."""
    applications = list(applications)
    sent = (
        Review.objects.filter(
            application__in=[application.pk for application in applications],
            submitted_at__isnull=False,
        )
        .exclude(conflict="declare")
        .order_by("submitted_at", "pk")
        .values_list("application_id", "scores", "recommendation", "answers")
    )
    by_application: dict[int, list] = {}
    for application_id, scores, recommendation, answers in sent:
        by_application.setdefault(application_id, []).append(
            (scores, recommendation, answers or {})
        )
    # The programmes' own questions, in the order of their programmes then of their forms.
    programmes = {application.round.programme_id: application.round.programme
                  for application in applications}  # fmt: skip
    questions = [
        question
        for _pk, programme in sorted(programmes.items())
        for question in questionnaire.review_questions_of(programme)
    ]
    labels = dict(Review._meta.get_field("recommendation").choices)
    values = {}
    for application in applications:
        reviews = by_application.get(application.pk, [])
        row = [len(reviews)]
        for code, _label in VIURE_CRITERIA:
            scores = [
                s[code]["score"]
                for s, _r, _a in reviews
                if s.get(code, {}).get("score") is not None
            ]
            row.append(round(sum(scores) / len(scores), 1) if scores else "")
        row.append(" ; ".join(str(labels.get(r, r)) for _s, r, _a in reviews if r))
        for question in questions:
            texts = [
                questionnaire.answer_text(question.kind, answers.get(question.id), question.options)
                for _s, _r, answers in reviews
            ]
            row.append(" ; ".join(text for text in texts if text))
        values[application.pk] = row
    headers = [
        str(_("Évaluations envoyées")),
        *[
            str(_("Moyenne %(criterion)s (0–4)") % {"criterion": label})
            for _c, label in VIURE_CRITERIA
        ],
        str(_("Recommandations")),
        *[str(_("Évaluateurs : %(question)s") % {"question": q.label}) for q in questions],
    ]
    return headers, values


def _messages_of(application_id: int):
    return ApplicationMessage.objects.filter(application_id=application_id).select_related("author")


MESSAGES_OF = PreparedQuery(_messages_of, parameters=("application_id",))


def application_messages(application) -> list:
    """The conversation between the team of the project and the CRESS, oldest first."""
    return MESSAGES_OF.rows(application_id=application.pk)


def _viure_scores_of(application_id: int):
    return ViureScore.objects.filter(application_id=application_id)


VIURE_SCORES_OF = PreparedQuery(_viure_scores_of, parameters=("application_id",))


def viure_scores_of(application) -> list:
    """An application's VIURE scores as they stand (those not yet created are missing)."""
    scores = VIURE_SCORES_OF.rows(application_id=application.pk)
    for score in scores:
        score.application = application  # as the related manager gives them: no query
    return scores
