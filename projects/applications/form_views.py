"""The application form's pages: the carriers fill it (`/candidatures/<id>/formulaire/`), staff,
partners and the team read what was sent, staff ask for a revision, anyone who reads the
answers compares two versions. Answers are never public: every response is `no-store`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labo.ids import database_id
from labo.permissions import is_staff_member
from projects.applications import (
    form_services,
    permissions,
    questionnaire,
    selectors,
    services,
)
from projects.applications.forms import RevisionForm
from projects.applications.views import _application, _no_store
from projects.models import FormState


def _form_row(application, form_id):
    """The form asked (its row of `selectors.application_forms`): the one named, else the first
    still to send, else the first. 404 when the programme has none the application reached."""
    rows = selectors.application_forms(application, with_versions=True)
    named = [row for row in rows if form_id is None or row["form"].pk == form_id]
    if not named:
        raise Http404
    row = next((row for row in named if row["state"] != FormState.SUBMITTED), named[0])
    row["others"] = [other for other in rows if other["form"].pk != row["form"].pk]
    return row


def _form_url(application, application_form) -> str:
    return reverse("applications:form_of", args=[application.pk, application_form.pk])


def _answers(row) -> list[dict]:
    """The latest version sent, section by section, each answer as text (files: their
    document, linked by the template)."""
    latest = row["latest"]
    if latest is None:
        return []
    sections = []
    for section in questionnaire.sections_of(row["form"]):
        items = []
        for question in section.questions:
            value = latest.answers.get(question.id)
            items.append(
                {
                    "question": question,
                    "text": questionnaire.answer_text(question.kind, value, question.options),
                    "document": value.get("document") if isinstance(value, dict) else None,
                }
            )
        sections.append({"section": section, "items": items})
    return sections


def _editable(user, application, row) -> bool:
    return permissions.can_fill_application_form(user, application) and (
        row["state"] != FormState.SUBMITTED
    )


def _pairs(fields: list) -> list[tuple]:
    """A VIURE question's fields two by two: each criterion's level beside its text."""
    return list(zip(fields[::2], fields[1::2], strict=True))


def _render(request, application, row, form, *, status=200, file_errors=None):
    response = row["response"]
    draft = response.draft if response else {}
    sections = questionnaire.sections_of(row["form"])
    layout = [
        {
            "section": section,
            "questions": [
                {
                    "question": question,
                    "fields": form.bound_fields_of(question) if form is not None else [],
                    "pairs": _pairs(form.bound_fields_of(question))
                    if form is not None and question.kind == "viure"
                    else [],
                    "file": draft.get(questionnaire.file_key(question)),
                    "file_errors": (file_errors or {}).get(question.name, []),
                }
                for question in section.questions
            ],
        }
        for section in sections
    ]
    context = {
        "application": application,
        "row": row,
        "layout": layout,
        "form": form,
        "answers": _answers(row),
        "can_request_revision": permissions.can_request_form_revision(request.user, application)
        and row["state"] == FormState.SUBMITTED,
        "is_staff": is_staff_member(request.user),
        "revision_form": RevisionForm(),
        "draft_key": f"application-form-{application.pk}-{row['form'].pk}",
        "draft_saved_at": response.draft_saved_at if response else None,
        "has_file_errors": bool(file_errors),
    }
    return _no_store(render(request, "applications/form.html", context, status=status))


def _saved_json(response, completeness, errors) -> JsonResponse:
    return _no_store(
        JsonResponse(
            {
                "saved_at": date_format(timezone.localtime(response.draft_saved_at), "H:i"),
                "saved_at_epoch": int(response.draft_saved_at.timestamp()),
                "answered": completeness.answered,
                "required": completeness.required,
                "percent": completeness.percent,
                "files": {
                    key[len("file-") :]: value.get("name", "")
                    for key, value in response.draft.items()
                    if key.startswith("file-") and isinstance(value, dict)
                },
                "errors": errors,
            },
            status=400 if errors else 200,
        )
    )


@login_required
def application_form(request, pk, form_id=None):
    application = _application(request, pk)
    if not permissions.can_view_form_answers(request.user, application):
        raise PermissionDenied
    row = _form_row(application, form_id)
    services.application_access_record(application=application, user=request.user, what="form")
    application_form_ = row["form"]
    questions = questionnaire.questions_of(application_form_)
    if not _editable(request.user, application, row):
        if request.method == "POST":
            if permissions.can_fill_application_form(request.user, application):
                messages.warning(
                    request,
                    _(
                        "Ces réponses ont déjà été envoyées : l'équipe du Labo peut vous "
                        "demander de les revoir."
                    ),
                )
                return redirect(_form_url(application, application_form_))
            raise PermissionDenied
        return _render(request, application, row, None)

    if request.method != "POST":
        draft = row["response"].draft if row["response"] else {}
        form = questionnaire.AnswersForm(
            initial=draft, questions=questions, final=False, auto_id="id_%s"
        )
        return _render(request, application, row, form)

    # Whatever the button, what was typed is saved first: nothing is lost to an error.
    try:
        response, file_errors = form_services.form_draft_save(
            application=application,
            application_form=application_form_,
            by=request.user,
            data=request.POST,
            files=request.FILES,
        )
    except ValidationError as error:
        # Sent from another tab in the meantime: say so; the browser keeps its copy.
        if request.headers.get("X-Requested-With") == "fetch":
            return _no_store(JsonResponse({"errors": {"": error.messages}}, status=409))
        messages.warning(request, " ".join(error.messages))
        return redirect(_form_url(application, application_form_))
    completeness = questionnaire.completeness(questions, response.draft)
    if request.headers.get("X-Requested-With") == "fetch":
        return _saved_json(response, completeness, file_errors)
    row = {**row, "response": response, "completeness": completeness}
    data = questionnaire.draft_as_data(response.draft)
    if request.POST.get("action") != "envoyer":
        if file_errors:
            form = questionnaire.AnswersForm(data, questions=questions, final=False)
            return _render(request, application, row, form, status=400, file_errors=file_errors)
        messages.success(
            request, _("Brouillon enregistré. Vous pourrez le reprendre à tout moment.")
        )
        return redirect(_form_url(application, application_form_))

    form = questionnaire.AnswersForm(data, questions=questions, final=True)
    missing = questionnaire.missing_files(questions, response.draft)
    for question in missing:
        file_errors.setdefault(question.name, []).extend(
            questionnaire.validation_error_for_file(question).messages
        )
    if not form.is_valid() or file_errors:
        return _render(request, application, row, form, status=400, file_errors=file_errors)
    try:
        form_services.form_submit(
            application=application, application_form=application_form_, by=request.user, form=form
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_form_url(application, application_form_))
    messages.success(
        request,
        _("Vos réponses sont envoyées. L'équipe du Labo les lit et revient vers vous."),
    )
    return redirect("applications:detail", pk=application.pk)


@require_POST
@login_required
def application_form_revision(request, pk, form_id):
    application = _application(request, pk)
    if not permissions.can_request_form_revision(request.user, application):
        raise PermissionDenied
    row = _form_row(application, form_id)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_form_url(application, row["form"]))
    try:
        form_services.form_request_revision(
            application=application,
            application_form=row["form"],
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Les porteurs peuvent revoir leurs réponses ; ils sont prévenus.")
        )
    return redirect(_form_url(application, row["form"]))


@login_required
def application_form_versions(request, pk, form_id):
    application = _application(request, pk)
    if not permissions.can_view_form_answers(request.user, application):
        raise PermissionDenied
    row = _form_row(application, form_id)
    versions = {version.version: version for version in row["versions"]}
    if len(versions) < 2:
        raise Http404
    numbers = sorted(versions)
    newer = versions.get(database_id(request.GET.get("a")) or 0) or versions[numbers[-1]]
    older = versions.get(database_id(request.GET.get("de")) or 0) or versions[numbers[-2]]
    if older.version >= newer.version:
        older, newer = versions[numbers[-2]], versions[numbers[-1]]
    questions = questionnaire.questions_of(row["form"])
    return _no_store(
        render(
            request,
            "applications/form_versions.html",
            {
                "application": application,
                "row": row,
                "older": older,
                "newer": newer,
                "numbers": numbers,
                "rows": questionnaire.compare(older.answers, newer.answers, questions),
            },
        )
    )
