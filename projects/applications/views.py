import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labo.access import access_of
from labo.accounts.models import PartnerOrganisation
from labo.facets import CountedPaginator
from labo.ids import database_id
from labo.permissions import is_staff_member
from labo.spreadsheets import csv_response, spreadsheet_safe
from projects.applications import meeting_services, permissions, selectors, services, workflow
from projects.applications.forms import (
    ApplicationCreateForm,
    ApplicationDetailsForm,
    DocumentForm,
    MessageForm,
    MoveForm,
    NoteForm,
    OpinionForm,
    ReviewForm,
    SelfAssessmentForm,
    StaffAssessmentForm,
    viure_values,
)
from projects.models import (
    Application,
    ApplicationAccess,
    ApplicationDocument,
    FormState,
    ProjectPage,
    RequiredDocument,
    Round,
)


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _application(request, pk):
    """404, not 403, for an application the person may not see: its existence is private too."""
    application = get_object_or_404(
        selectors.applications_visible_to(request.user)
        .select_related("project", "feedback")
        .annotate(
            my_read_at=selectors.read_at_of(request.user),
            # Staff's page lists partners' and jury's visits only when there are some.
            was_visited=Exists(ApplicationAccess.objects.filter(application=OuterRef("pk"))),
        ),
        pk=pk,
    )
    # Its session, programme and stage from the small tables kept in the cache: joined in,
    # they tripled the query's cost (PostgreSQL's planning of six tables).
    return selectors.with_programme_tables([application])[0]


class ApplicationListPage:
    """The list's filters, table and pagination, read only when rendered: the table is kept
    per person and filters until any application changes or who may see what does,
    so a kept list costs none of these queries (applications are never public: the content
    version does not move with them)."""

    def __init__(self, request):
        self.user = request.user
        self.data = request.GET

    @property
    def querystring(self) -> str:
        """The filters and page: with the person and the versions, the key of the kept
        table (labo.caching.fragments, « application-list »)."""
        return self.data.urlencode()

    @cached_property
    def _filtered(self) -> tuple:
        return selectors.filter_applications(
            selectors.applications_visible_to(self.user), self.data
        )

    @cached_property
    def filter_form(self):
        return self._filtered[1]

    @cached_property
    def page_obj(self):
        queryset = self._filtered[0]
        page_obj = CountedPaginator(
            selectors.with_list_data(queryset, self.user), 25, count_of=queryset
        ).get_page(self.data.get("page"))
        page_obj.object_list = selectors.with_programme_tables(page_obj.object_list)
        return page_obj


@login_required
def application_list(request):
    if not permissions.can_list_applications(request.user):
        raise PermissionDenied
    return _no_store(
        render(
            request,
            "applications/list.html",
            {
                "listing": ApplicationListPage(request),
                "is_staff": is_staff_member(request.user),
                "can_export": permissions.can_export_applications(request.user),
                "is_reviewer_only": permissions.is_reviewer_only(request.user),
                "query_string": request.GET.urlencode(),
            },
        )
    )


class ApplicationSheet:
    """What an application's page shows below its title, read only when it is rendered: the
    page's body is a fragment kept per application, last activity, audience and what the
    person may do there (`key`), so a stored body costs none of these queries. Every write to
    an application goes through its last activity (`application_services._event`)."""

    def __init__(self, application, user, allowed_stages, stages):
        self.application = application
        self.user = user
        self.allowed_stages = allowed_stages
        # The programme's stages in order (selectors.programme_workflow, read by the view).
        self.stages = stages
        self.audience = selectors.application_audience(application, user)
        self.is_staff = is_staff_member(user)
        self.is_team = permissions.is_application_team(user, application)
        self.can_message = permissions.can_post_application_message(user, application)
        self.can_upload = permissions.can_upload_application_document(user, application)
        self.can_note = permissions.can_write_internal_note(user, application)
        self.can_manage = permissions.can_manage_application(user, application)
        self.opens_reviews = permissions.can_open_reviews_page(user, application)
        self.can_give_opinion = permissions.can_give_partner_opinion(user, application)
        self.reads_opinions = permissions.can_read_partner_opinions(user, application)
        self.uses_viure = application.round.programme.uses_viure_assessment
        self.has_reviews = application.round.programme.has_reviews
        self.sees_meetings = permissions.can_see_meetings(user, application)

    @property
    def key(self) -> str:
        """What makes two people's pages differ, besides the application and its activity."""
        flags = (
            self.is_staff,
            self.is_team,
            self.can_message,
            self.can_upload,
            self.can_note,
            self.can_manage,
            self.opens_reviews,
            self.can_give_opinion,
            self.reads_opinions,
            self.sees_meetings,
        )
        stages = "-".join(str(stage.pk) for stage in self.allowed_stages)
        # A partner reads and writes their own organisation's opinion: two partners of
        # different organisations never share a page.
        organisations = (
            "-".join(str(pk) for pk in sorted(access_of(self.user).partner_organisations))
            if self.reads_opinions and not self.is_staff
            else ""
        )
        flags_text = "".join(str(int(flag)) for flag in flags)
        # The next meeting: once it has begun, the page lists it among those held.
        upcoming = self.application.next_appointment_at
        next_meeting = upcoming.isoformat() if self.sees_meetings and upcoming else ""
        return f"{self.audience}:{flags_text}:{stages}:{organisations}:{next_meeting}"

    @cached_property
    def progress(self) -> list:
        return [stage for stage in self.stages if not stage.is_outcome]

    @cached_property
    def timeline(self):
        return selectors.application_timeline(self.application, self.audience)

    @cached_property
    def conversation(self) -> list:
        if self.audience == "jury":
            return []
        return selectors.application_messages(self.application)

    @cached_property
    def meetings(self) -> dict:
        """Upcoming first (soonest first), then past and cancelled ones (latest first). The
        page is kept under the application's last activity, which every meeting write moves,
        and under its next meeting, which the view moves on once it has begun."""
        if not self.sees_meetings:
            return {"upcoming": [], "past": []}
        return selectors.application_meetings(self.application)

    @cached_property
    def notes(self):
        return selectors.application_notes(self.application, self.audience)

    @cached_property
    def viure_scores(self) -> list:
        return services.viure_scores(self.application) if self.uses_viure else []

    @cached_property
    def feedback(self):
        if not self.uses_viure:
            return None
        # Read with the application (`_application`).
        return getattr(self.application, "feedback", None)

    @cached_property
    def organisations(self) -> list:
        """Every partner organisation for the team's sharing buttons, each knowing whether
        this application is shared with it (`is_shared`)."""
        return selectors.partner_organisations_for(self.application)

    @cached_property
    def shared_with(self) -> list:
        return [organisation for organisation in self.organisations if organisation.is_shared]

    @cached_property
    def referent_name(self) -> str:
        """The CRESS referent's name, from the team the details form lists (no query of its
        own); a referent who has left the team since is read from their row."""
        referent_id = self.application.cress_referent_id
        if referent_id is None:
            return ""
        return dict(selectors.team_choices()).get(referent_id) or str(
            self.application.cress_referent
        )

    # Forms, unbound.

    @cached_property
    def next_stage(self):
        """The CRESS team's usual next move: the nearest allowed stage after the current one
        (never a withdrawal); the page offers it as its main action."""
        if not self.can_manage:
            return None
        current = self.application.stage.sort_order
        ahead = [
            stage
            for stage in self.allowed_stages
            if stage.sort_order > current and not stage.is_withdrawn
        ]
        return min(ahead, key=lambda stage: stage.sort_order, default=None)

    @cached_property
    def move_form(self):
        """Every allowed move in the order of the programme, the next stage chosen already; for
        a project's team, the withdrawal (in the page's danger zone)."""
        if not self.allowed_stages:
            return None
        stages = sorted(self.allowed_stages, key=lambda stage: stage.sort_order)
        initial = {"stage": self.next_stage.pk} if self.next_stage else {}
        return MoveForm(stages=stages, initial=initial, auto_id="move_%s")

    @cached_property
    def can_withdraw(self) -> bool:
        return not self.can_manage and any(stage.is_withdrawn for stage in self.allowed_stages)

    @property
    def heading(self) -> str:
        if self.is_staff:
            return _("Suivi de la candidature")
        if self.is_team:
            return _("Notre candidature")
        if self.audience == "jury":
            return _("Candidature à évaluer")
        return _("Candidature partagée avec votre organisation")

    @property
    def shows_conversation(self) -> bool:
        """The team and the CRESS write to each other; a partner reads it only if there is
        something to read."""
        return self.can_message or bool(self.conversation)

    @cached_property
    def partner_opinions(self) -> list:
        """Staff read every organisation's opinion; a partner their own organisation's."""
        if not self.reads_opinions or (self.is_staff and not self.shared_with):
            return []  # staff: no organisation to give one
        opinions = self.application.partner_opinions.select_related("organisation", "author")
        if not self.is_staff:
            opinions = opinions.filter(organisation__memberships__user=self.user)
        return list(opinions)

    @cached_property
    def opinion_form(self):
        if not self.can_give_opinion:
            return None
        own = self.partner_opinions[0] if self.partner_opinions else None
        initial = {"opinion": own.opinion, "comment": own.comment} if own else None
        return OpinionForm(initial=initial)

    @cached_property
    def forms(self) -> list[dict]:
        """The programme's forms this application has reached, with where each stands."""
        rows = selectors.application_forms(self.application)
        for row in rows:
            row["editable"] = (
                self.is_team and self.application.is_open and (row["state"] != FormState.SUBMITTED)
            )
        return rows

    @cached_property
    def documents(self) -> list[dict]:
        return selectors.document_states(self.application)

    @cached_property
    def self_form(self):
        if not (self.uses_viure and self.is_team and self.application.is_open):
            return None
        return SelfAssessmentForm(scores=self.viure_scores, auto_id="self_%s")

    @cached_property
    def staff_form(self):
        if not (self.uses_viure and self.can_manage):
            return None
        return StaffAssessmentForm(
            scores=self.viure_scores, feedback=self.feedback, auto_id="staff_%s"
        )

    @cached_property
    def details_form(self):
        application = self.application
        return ApplicationDetailsForm(
            initial={
                "cress_referent": application.cress_referent_id,
                "amount_requested": application.amount_requested,
                "amount_granted": application.amount_granted,
            },
            auto_id="details_%s",
        )

    @cached_property
    def message_form(self):
        return MessageForm()

    @cached_property
    def note_form(self):
        return NoteForm()

    @cached_property
    def review_form(self):
        return ReviewForm()


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    if application.next_appointment_at and application.next_appointment_at <= timezone.now():
        # Its next meeting has begun: the next one becomes the application's (one write per
        # meeting), and the page kept under it is written again.
        meeting_services.next_appointments_sync([application])
        application.refresh_from_db(
            fields=["next_appointment_at", "next_appointment_kind", "next_appointment_place"]
        )
    stages, transitions = selectors.programme_workflow(application.round.programme)
    # What this person may do from here: staff along the transitions, the team only withdraw.
    allowed = [
        stage
        for stage in workflow.allowed_stages_among(application, stages, transitions)
        if permissions.can_move_application(user, application, stage)
    ]
    services.application_mark_read(
        application=application, user=user, read_at=application.my_read_at
    )
    services.application_access_record(application=application, user=user, what="page")
    context = {
        "application": application,
        "sheet": ApplicationSheet(application, user, allowed, stages),
        # Outside the kept page: staff read who opened it up to this very request.
        "accesses": (selectors.recent_accesses(application) if application.was_visited else [])
        if permissions.can_read_access_log(user, application)
        else None,
    }
    return _no_store(render(request, "applications/detail.html", context))


@require_POST
@login_required
def application_opinion(request, pk):
    application = _application(request, pk)
    if not permissions.can_give_partner_opinion(request.user, application):
        raise PermissionDenied
    form = OpinionForm(request.POST)
    if form.is_valid():
        services.partner_opinion_save(
            application=application,
            by=request.user,
            opinion=form.cleaned_data["opinion"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Votre avis est enregistré ; l'équipe de la CRESS le lit."))
    else:
        messages.error(request, _("Choisissez un avis : favorable, réservé ou défavorable."))
    return _back(application, "#avis")


def _back(application, anchor=""):
    return redirect(f"/candidatures/{application.pk}/{anchor}")


@require_POST
@login_required
def application_move(request, pk):
    application = _application(request, pk)
    allowed = [
        s
        for s in workflow.allowed_stages(application)
        if permissions.can_move_application(request.user, application, s)
    ]
    form = MoveForm(request.POST, stages=allowed)
    if not allowed:
        raise PermissionDenied
    if form.is_valid():
        try:
            services.application_move_to_stage(
                application=application,
                stage=form.cleaned_data["stage"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("L'étape de la candidature est mise à jour."))
    else:
        messages.error(request, _("Choisissez l'étape et cochez la confirmation."))
    if request.POST.get("retour") == "tableau":
        return redirect("applications:board", round_id=application.round_id)
    return _back(application)


@require_POST
@login_required
def application_message(request, pk):
    application = _application(request, pk)
    if not permissions.can_post_application_message(request.user, application):
        raise PermissionDenied
    form = MessageForm(request.POST)
    if form.is_valid():
        services.application_message_post(
            application=application, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Message envoyé."))
    else:
        messages.error(request, _("Le message est vide ou trop long."))
    return _back(application, "#conversation")


@require_POST
@login_required
def application_note(request, pk):
    application = _application(request, pk)
    if not permissions.can_write_internal_note(request.user, application):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        services.application_note_add(
            application=application,
            author=request.user,
            text=form.cleaned_data["text"],
            shared_with_partners=form.cleaned_data["shared_with_partners"],
        )
    return _back(application, "#notes")


@require_POST
@login_required
def application_document_upload(request, pk):
    application = _application(request, pk)
    if not permissions.can_upload_application_document(request.user, application):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        requirement = None
        if form.cleaned_data.get("requirement"):
            requirement = get_object_or_404(
                RequiredDocument,
                pk=form.cleaned_data["requirement"],
                programme=application.round.programme,
            )
        try:
            services.application_document_upload(
                application=application,
                uploaded=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                requirement=requirement,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Document déposé."))
            return _back(application, "#documents")
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _back(application, "#documents")


@login_required
def application_document_download(request, pk, document_id):
    application = _application(request, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    services.application_access_record(application=application, user=request.user, what="document")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def application_document_review(request, pk, document_id):
    application = _application(request, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    if not permissions.can_review_application_document(request.user, document):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.application_document_review(
            document=document,
            by=request.user,
            review=form.cleaned_data["review"],
            comment=form.cleaned_data["comment"],
        )
    return _back(application, "#documents")


@require_POST
@login_required
def application_share(request, pk):
    application = _application(request, pk)
    if not permissions.can_manage_application(request.user, application):
        raise PermissionDenied
    organisation = get_object_or_404(
        PartnerOrganisation, pk=database_id(request.POST.get("organisation")) or 0
    )
    if request.POST.get("action") == "retirer":
        services.application_unshare(
            application=application, organisation=organisation, by=request.user
        )
    else:
        services.application_share(
            application=application, organisation=organisation, by=request.user
        )
    return _back(application)


@login_required
def application_create(request, slug):
    project = get_object_or_404(ProjectPage, slug=slug)
    if not permissions.can_create_application(request.user, project):
        raise PermissionDenied
    form = ApplicationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                project=project, by=request.user, round=form.cleaned_data["round"]
            )
        except ValidationError as error:
            form.add_error("round", error)
        else:
            messages.success(request, _("Votre candidature est déposée : suivez-la ici."))
            return redirect("applications:detail", pk=application.pk)
    return _no_store(
        render(request, "applications/create.html", {"form": form, "project": project})
    )


def _export_rows(request):
    if not permissions.can_export_applications(request.user):
        raise PermissionDenied
    queryset, _form = selectors.filter_applications(
        selectors.applications_exported_for(request.user), request.GET
    )
    header = [
        _("Projet"),
        _("Département"),
        _("Programme"),
        _("Session"),
        _("Étape"),
        _("Référent·e CRESS"),
        _("Montant demandé"),
        _("Montant accordé"),
        _("Déposée le"),
        _("Dernière activité"),
    ]
    applications = list(
        queryset.select_related("project", "round__programme", "stage", "cress_referent")
    )
    answer_headers, answers = selectors.form_answer_columns(applications)
    # Reviews are read by staff only (and by reviewers, of their own applications).
    review_headers, reviews = (
        selectors.review_columns(applications) if is_staff_member(request.user) else ([], {})
    )
    rows = [
        [
            app.project.title,
            app.project.departement,
            app.round.programme.name,
            app.round.edition,
            app.stage.staff_name,
            app.cress_referent.display_name if app.cress_referent else "",
            app.amount_requested or "",
            app.amount_granted or "",
            app.created_at.date().isoformat(),
            app.last_activity_at.date().isoformat(),
            *answers[app.pk],
            *reviews.get(app.pk, []),
        ]
        for app in applications
    ]
    return [*header, *answer_headers, *review_headers], rows


@login_required
def application_export_csv(request):
    header, rows = _export_rows(request)
    return _no_store(csv_response(filename="candidatures.csv", header=header, rows=rows))


@login_required
def application_export_xlsx(request):
    from openpyxl import Workbook  # noqa: PLC0415 (heavy library, loaded for an export only)

    header, rows = _export_rows(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Candidatures")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([spreadsheet_safe(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="candidatures.xlsx"'
    return _no_store(response)


@login_required
def application_dashboard(request):
    if not permissions.can_view_application_dashboard(request.user):
        raise PermissionDenied
    # Staff: everything; a partner: what is shared with their organisation.
    within = (
        None if is_staff_member(request.user) else selectors.applications_exported_for(request.user)
    )
    rounds = Round.objects.select_related("programme").order_by("programme__name", "-edition")
    if within is not None:
        rounds = rounds.filter(applications__in=within.values("pk")).distinct()
    blocks = []
    for round_ in rounds:
        reached = selectors.reached_counts(round_, within)
        departements = selectors.departement_chart(round_, within)
        blocks.append(
            {
                "round": round_,
                "reached": reached,
                "funnel": selectors.funnel_chart(reached),
                "appointments": selectors.appointments_counted(round_, within),
                "map": departements,
                "total": sum(row["count"] for row in departements["departements"]),
                "selected": sum(
                    row["count"] for row in reached if row["stage"].is_positive_outcome
                ),
            }
        )
    return _no_store(render(request, "applications/dashboard.html", {"blocks": blocks}))


def _next_deadline(application, round_, now):
    """What comes next for a card: its appointment, else the session's closing day."""
    if application.next_appointment_at and application.next_appointment_at >= now:
        return {"label": application.get_next_appointment_kind_display(),
                "at": application.next_appointment_at}  # fmt: skip
    if application.is_open and round_.closes_on and round_.closes_on >= now.date():
        return {"label": _("clôture"), "at": round_.closes_on}
    return None


@login_required
def application_board(request, round_id):
    """One column per stage of a round; each card can be moved (with confirmation and a note)
    along the allowed transitions."""
    if not permissions.can_view_application_dashboard(request.user):
        raise PermissionDenied
    round_ = get_object_or_404(Round.objects.select_related("programme"), pk=round_id)
    stages = list(round_.programme.stages.all())
    is_staff = is_staff_member(request.user)
    visible = Application.objects if is_staff else selectors.applications_exported_for(request.user)
    applications = list(
        visible.filter(round=round_)
        .select_related("project", "stage", "cress_referent")
        .annotate(has_unread=selectors.unread_messages(request.user))
        .order_by("-last_activity_at", "pk")
    )
    transitions = workflow.explicit_transitions(round_.programme)
    now = timezone.now()
    columns = []
    for stage in stages:
        cards = []
        for application in (a for a in applications if a.stage_id == stage.pk):
            # Partners read the board; only staff move cards.
            allowed = sorted(
                workflow.allowed_stages_among(application, stages, transitions) if is_staff else [],
                key=lambda s: s.sort_order,
            )
            cards.append(
                {
                    "application": application,
                    "allowed": ",".join(str(s.pk) for s in allowed),
                    "deadline": _next_deadline(application, round_, now),
                    "form": MoveForm(stages=allowed, auto_id=f"a{application.pk}_%s"),
                }
            )
        columns.append({"stage": stage, "cards": cards})
    return _no_store(
        render(
            request,
            "applications/board.html",
            {
                "round": round_,
                "columns": columns,
                "can_move": is_staff,
                "rounds": Round.objects.select_related("programme"),
            },
        )
    )


@require_POST
@login_required
def application_self_assessment(request, pk):
    application = _application(request, pk)
    if not permissions.is_application_team(request.user, application):
        raise PermissionDenied
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        services.viure_self_assessment_save(
            application=application, by=request.user, values=viure_values(form.cleaned_data, "self")
        )
        messages.success(request, _("Votre auto-évaluation est enregistrée."))
    else:
        messages.error(request, _("Les niveaux vont de 0 à 5."))
    return _back(application, "#viure")


@require_POST
@login_required
def application_staff_assessment(request, pk):
    application = _application(request, pk)
    if not permissions.can_manage_application(request.user, application):
        raise PermissionDenied
    form = StaffAssessmentForm(request.POST)
    if form.is_valid():
        services.viure_staff_assessment_save(
            application=application,
            by=request.user,
            values=viure_values(form.cleaned_data, "staff"),
            feedback=form.cleaned_data["feedback"],
            share_feedback=form.cleaned_data["share_feedback"],
        )
        messages.success(request, _("L'évaluation est enregistrée."))
    else:
        messages.error(request, _("Les niveaux vont de 0 à 5."))
    return _back(application, "#viure")


@require_POST
@login_required
def application_details(request, pk):
    application = _application(request, pk)
    if not permissions.can_manage_application(request.user, application):
        raise PermissionDenied
    form = ApplicationDetailsForm(request.POST)
    if form.is_valid():
        services.application_details_update(
            application=application, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Le suivi de la candidature est à jour."))
    else:
        messages.error(
            request,
            _("Le suivi n'a pas été enregistré : %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return _back(application)
