"""Writes on the answers to an application form: the draft saved as the carriers type, the
submission that makes a version, the revision staff ask for. Each checks its permission;
submission and revision are written in the timeline (projects.applications.services._event)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.notifications.services import notification_send
from projects.applications import permissions, questionnaire
from projects.applications.services import (
    _event,
    _staff_followers,
    _team,
    _touch,
    _url,
    application_document_upload,
)
from projects.choices import VIURE_CRITERIA
from projects.models import EventKind, FormResponse, FormState, FormSubmission, ViureScore


def response_for(application, application_form) -> FormResponse:
    response, _created = FormResponse.objects.get_or_create(
        application=application, form=application_form
    )
    return response


def _locked(response) -> bool:
    return response.state == FormState.SUBMITTED


@transaction.atomic
def form_draft_save(
    *, application, application_form, by, data, files=None
) -> tuple[FormResponse, dict[str, list[str]]]:
    """Keep what was typed, exactly, and any file sent with it, checked like every application
    document. Returns the response and the refused files' errors by field name: a refused file
    never costs the text typed beside it."""
    if not permissions.can_fill_application_form(by, application):
        raise PermissionDenied
    response = (
        FormResponse.objects.select_for_update()
        .filter(pk=response_for(application, application_form).pk)
        .get()
    )
    if _locked(response):
        raise ValidationError(
            _("Ces réponses ont été envoyées : l'équipe du Labo peut vous demander de les revoir."),
            code="locked",
        )
    questions = questionnaire.questions_of(application_form)
    draft = {
        key: value for key, value in response.draft.items() if key.startswith("file-")
    } | questionnaire.draft_from_post(questions, data)
    refused = []
    for question in questions:
        uploaded = (files or {}).get(questionnaire.FIELD_PREFIX + question.id)
        if question.kind != "file" or not uploaded:
            continue
        try:
            document = application_document_upload(
                application=application, uploaded=uploaded, title=question.label, by=by
            )
        except ValidationError as error:
            refused.append((question, error))
            continue
        draft[questionnaire.file_key(question)] = {
            "document": document.pk,
            "name": document.original_name,
        }
    response.draft = draft
    response.draft_saved_at = timezone.now()
    response.draft_saved_by = by
    response.save(update_fields=["draft", "draft_saved_at", "draft_saved_by"])
    _touch(application)  # the application's page shows how complete the answers are
    return response, {
        questionnaire.FIELD_PREFIX + question.id: error.messages for question, error in refused
    }


@transaction.atomic
def form_submit(*, application, application_form, by, form) -> FormSubmission:
    """A version of the answers, from a form checked with the questions' rules (`final=True`)
    on the saved draft. The VIURE self-assessment in it becomes the application's."""
    if not permissions.can_fill_application_form(by, application):
        raise PermissionDenied
    response = FormResponse.objects.select_for_update().get(
        application=application, form=application_form
    )
    if _locked(response):
        raise ValidationError(_("Ces réponses ont déjà été envoyées."), code="locked")
    answers = questionnaire.answers_from(form, response.draft)
    version = response.versions.count() + 1
    submission = FormSubmission.objects.create(
        response=response,
        version=version,
        answers=answers,
        questions=questionnaire.questions_snapshot(form.questions),
        submitted_by=by,
    )
    response.state = FormState.SUBMITTED
    response.revision_message = ""
    response.save(update_fields=["state", "revision_message"])
    for question in form.questions:
        if question.kind == "viure":
            _copy_self_assessment(application, answers[question.id])
    text = (
        _("Formulaire « %(form)s » envoyé")
        if version == 1
        else _("Formulaire « %(form)s » envoyé à nouveau (version %(version)d)")
    ) % {"form": application_form.title, "version": version}
    _event(application, EventKind.FORM, by, text=text)
    notification_send(
        recipients=[*_staff_followers(application), *_team(application)],
        kind="applications.form",
        title=_("%(project)s : %(text)s") % {"project": application.project.title, "text": text},
        url=_url(application),
        exclude=by,
    )
    return submission


def _copy_self_assessment(application, values: dict) -> None:
    for criterion, _label in VIURE_CRITERIA:
        part = values.get(criterion) or {}
        ViureScore.objects.update_or_create(
            application=application,
            criterion=criterion,
            defaults={"self_level": part.get("level"), "self_text": part.get("text", "")[:1500]},
        )


@transaction.atomic
def form_request_revision(*, application, application_form, by, message: str) -> FormResponse:
    """Staff send the answers back to the carriers, who can change them and send a new version
    (the earlier ones are kept)."""
    if not permissions.can_request_form_revision(by, application):
        raise PermissionDenied
    response = FormResponse.objects.select_for_update().get(
        application=application, form=application_form
    )
    if response.state != FormState.SUBMITTED:
        raise ValidationError(
            _("Ces réponses n'ont pas encore été envoyées : rien à faire revoir."), code="draft"
        )
    response.state = FormState.REVISION
    response.revision_message = message
    response.save(update_fields=["state", "revision_message"])
    text = _("Révision demandée pour le formulaire « %(form)s »") % {"form": application_form.title}
    _event(application, EventKind.FORM, by, text=f"{text} : {message}" if message else text)
    notification_send(
        recipients=_team(application),
        kind="applications.form",
        title=_("%(project)s : %(text)s") % {"project": application.project.title, "text": text},
        body=message,
        url=_url(application),
        exclude=by,
    )
    return response
