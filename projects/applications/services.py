"""Writes on applications. Every change goes through here: permission checked, timeline event
written in the same transaction, people told through background notifications."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.caching.versions import APPLICATIONS
from labo.notifications.services import notification_send
from labo.permissions import is_staff_member
from labo.roles import STAFF_GROUP
from labo.uploads import validate_upload
from projects.applications import permissions
from projects.applications.selectors import application_forms, document_states, viure_scores_of
from projects.applications.workflow import allowed_stages
from projects.choices import VIURE_CRITERIA
from projects.models import (
    Application,
    ApplicationAccess,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    ApplicationReadMark,
    AssessmentFeedback,
    DocumentReview,
    EventKind,
    FormState,
    PartnerOpinion,
    Round,
    RoundStatus,
    Stage,
    ViureScore,
)

logger = logging.getLogger(__name__)

# Accepted uploads, recognised from their content; the extension must agree.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def _event(
    application,
    kind,
    actor,
    *,
    text="",
    from_stage=None,
    to_stage=None,
    carriers=True,
    partners=True,
    appointment_kind="",
) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        text=text,
        appointment_kind=appointment_kind,
        from_stage=from_stage,
        to_stage=to_stage,
        visible_to_carriers=carriers,
        visible_to_partners=partners,
    )
    _touch(application)
    return event


def _touch(application) -> None:
    # Last, after every write of the change: the application's page is kept under its last
    # activity (application_views.ApplicationSheet), so a reader who sees the new activity
    # must see all that it stands for. The services are atomic as well.
    Application.objects.filter(pk=application.pk).update(last_activity_at=timezone.now())
    APPLICATIONS.move()  # the update above sends no signal; the lists are kept under it


def _team(application):
    return get_user_model().objects.filter(project_memberships__project=application.project)


def _partners(application):
    return get_user_model().objects.filter(
        partner_memberships__organisation__in=application.shared_with.all()
    )


def _staff_followers(application):
    """The CRESS referent of the application, or the whole staff team when none is set."""
    if application.cress_referent_id:
        return [application.cress_referent]

    return get_user_model().objects.filter(groups__name=STAFF_GROUP)


def _url(application) -> str:
    return reverse("applications:detail", args=[application.pk])


# Creation and stages ---------------------------------------------------------------------------


@transaction.atomic
def application_create(*, project, round: Round, by) -> Application:
    if not permissions.can_create_application(by, project):
        raise PermissionDenied
    initial = round.programme.stages.filter(is_initial=True).first()
    if initial is None:
        raise ValidationError(_("Ce programme n'a pas d'étape de départ."), code="no_initial")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                project=project, round=round, stage=initial, created_by=by
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Ce projet a déjà une candidature en cours pour cette session."), code="open"
        ) from error
    _event(application, EventKind.CREATED, by, to_stage=initial)
    notification_send(
        recipients=[*_staff_followers(application), *_team(application)],
        kind="applications.created",
        title=_("Nouvelle candidature : %(project)s – %(programme)s")
        % {"project": project.title, "programme": round.programme.name},
        url=_url(application),
        exclude=by,
    )
    return application


@transaction.atomic
def application_move_to_stage(
    *, application: Application, stage: Stage, by, note: str = ""
) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("stage", "round__programme", "project")
        .get(pk=application.pk)
    )
    if not permissions.can_move_application(by, application, stage):
        raise PermissionDenied
    if stage not in allowed_stages(application):
        raise ValidationError(
            _("Une candidature ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"from": application.stage.staff_name, "to": stage.staff_name},
            code="transition",
        )
    previous = application.stage
    application.stage = stage
    application.closed_at = timezone.now() if stage.is_outcome else None
    application.save(update_fields=["stage", "closed_at"])
    _event(application, EventKind.STAGE, by, from_stage=previous, to_stage=stage, text=note)
    notification_send(
        recipients=[*_team(application), *_partners(application), *_staff_followers(application)],
        kind="applications.stage",
        title=_("%(project)s : %(stage)s")
        % {"project": application.project.title, "stage": stage.carrier_name},
        body=note,
        url=_url(application),
        exclude=by,
    )
    return application


# Sharing ------------------------------------------------------------------------------------------


@transaction.atomic
def application_share(*, application, organisation, by) -> None:
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied
    application.shared_with.add(organisation)
    _event(
        application,
        EventKind.SHARED,
        by,
        carriers=True,
        partners=True,
        text=_("Partagée avec %(org)s") % {"org": organisation.name},
    )


@transaction.atomic
def application_unshare(*, application, organisation, by) -> None:
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied
    application.shared_with.remove(organisation)
    _event(
        application,
        EventKind.UNSHARED,
        by,
        carriers=True,
        partners=False,
        text=_("N'est plus partagée avec %(org)s") % {"org": organisation.name},
    )


# Conversation and notes ------------------------------------------------------------------------


@transaction.atomic
def application_message_post(*, application, author, text: str) -> ApplicationMessage:
    if not permissions.can_post_application_message(author, application):
        raise PermissionDenied
    message = ApplicationMessage.objects.create(application=application, author=author, text=text)
    _event(application, EventKind.MESSAGE, author, text=text[:300])

    recipients = _team(application) if is_staff_member(author) else _staff_followers(application)
    notification_send(
        recipients=recipients,
        kind="applications.message",
        title=_("Nouveau message sur la candidature de %(project)s")
        % {"project": application.project.title},
        body=text[:500],
        url=_url(application) + "#conversation",
        exclude=author,
    )
    application_mark_read(application=application, user=author)
    return message


# `application_mark_read` reads the mark itself unless given.
_UNREAD = object()


def application_mark_read(*, application, user, read_at=_UNREAD) -> None:
    """This person has seen the application as it is now. Every message goes through `_event`,
    which moves the application's last activity: a mark already past it needs no write.
    `read_at`: their mark as the caller already read it (None: none yet)."""
    if read_at is _UNREAD:
        mark = ApplicationReadMark.objects.filter(application=application, user=user).first()
        read_at = mark.read_at if mark is not None else None
    if read_at is not None and read_at >= application.last_activity_at:
        return
    ApplicationReadMark.objects.update_or_create(
        application=application, user=user, defaults={"read_at": timezone.now()}
    )


@transaction.atomic
def application_note_add(
    *, application, author, text: str, shared_with_partners: bool = False
) -> ApplicationNote:
    if not permissions.can_write_internal_note(author, application):
        raise PermissionDenied

    # A partner's note is for the staff and the partners: never for the carriers.
    shared = shared_with_partners or not is_staff_member(author)
    note = ApplicationNote.objects.create(
        application=application, author=author, text=text, shared_with_partners=shared
    )
    _event(
        application,
        EventKind.NOTE,
        author,
        text=_("Note interne ajoutée"),
        carriers=False,
        partners=shared,
    )
    return note


# Documents ---------------------------------------------------------------------------------------


def validate_document(uploaded) -> str:
    """The content type of an application document, checked from its bytes."""
    return validate_upload(
        uploaded, allowed=DOCUMENT_TYPES, max_bytes=settings.APPLICATION_DOCUMENT_MAX_BYTES
    )


@transaction.atomic
def application_document_upload(
    *, application, uploaded, title: str, requirement=None, by
) -> ApplicationDocument:
    if not permissions.can_upload_application_document(by, application):
        raise PermissionDenied
    content_type = validate_document(uploaded)
    previous = (
        ApplicationDocument.objects.filter(application=application, required_document=requirement)
        .order_by("-version")
        .first()
        if requirement
        else None
    )
    document = ApplicationDocument.objects.create(
        application=application,
        required_document=requirement,
        title=title,
        file=uploaded,
        original_name=uploaded.name[:255],
        content_type=content_type,
        size=uploaded.size,
        version=(previous.version + 1) if previous else 1,
        uploaded_by=by,
    )
    _event(
        application,
        EventKind.DOCUMENT,
        by,
        text=_("Document déposé : %(title)s (version %(v)d)")
        % {"title": title, "v": document.version},
    )
    notification_send(
        recipients=_staff_followers(application),
        kind="applications.document",
        title=_("Nouveau document pour %(project)s") % {"project": application.project.title},
        url=_url(application),
        exclude=by,
    )
    return document


@transaction.atomic
def application_document_review(*, document, review: str, comment: str, by) -> None:
    if not permissions.can_review_application_document(by, document):
        raise PermissionDenied
    if review not in DocumentReview.values:
        raise ValidationError(_("Choix inconnu."), code="invalid")
    document.review, document.review_comment = review, comment
    document.save(update_fields=["review", "review_comment"])
    label = DocumentReview(review).label
    _event(
        document.application,
        EventKind.DOCUMENT,
        by,
        text=_("%(title)s : %(review)s. %(comment)s")
        % {"title": document.title, "review": label, "comment": comment},
    )
    if review == DocumentReview.REDO:
        notification_send(
            recipients=_team(document.application),
            kind="applications.document",
            title=_("Document à refaire : %(title)s") % {"title": document.title},
            body=comment,
            url=_url(document.application),
            exclude=by,
        )


# VIURE assessment ------------------------------------------------------------------------------


def viure_scores(application) -> list:
    """The five criteria of an application, created on first use and prefilled with the
    project's own self-assessment."""
    existing = {score.criterion: score for score in viure_scores_of(application)}
    missing = [
        ViureScore(
            application=application,
            criterion=code,
            self_level=getattr(application.project, f"viure_{code}_level"),
            self_text=getattr(application.project, f"viure_{code}_text"),
        )
        for code, _label in VIURE_CRITERIA
        if code not in existing
    ]
    if missing:
        ViureScore.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {score.criterion: score for score in viure_scores_of(application)}
    labels = dict(VIURE_CRITERIA)
    scores = [existing[code] for code, _label in VIURE_CRITERIA]
    for score in scores:
        score.label = labels[score.criterion]
    return scores


@transaction.atomic
def viure_self_assessment_save(*, application, by, values: dict) -> None:
    """values: {criterion: (level, text)} typed by the team."""
    if not (permissions.is_application_team(by, application) and application.is_open):
        raise PermissionDenied
    for score in viure_scores(application):
        level, text = values[score.criterion]
        score.self_level, score.self_text = level, text
        score.save(update_fields=["self_level", "self_text"])
    _event(
        application,
        EventKind.DOCUMENT,
        by,
        text=_("Auto-évaluation VIURE mise à jour"),
        partners=True,
    )


@transaction.atomic
def viure_staff_assessment_save(
    *, application, by, values: dict, feedback: str, share_feedback: bool
) -> None:
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied
    for score in viure_scores(application):
        level, comment = values[score.criterion]
        score.staff_level, score.staff_comment = level, comment
        score.save(update_fields=["staff_level", "staff_comment"])
    previous = AssessmentFeedback.objects.filter(application=application).first()
    AssessmentFeedback.objects.update_or_create(
        application=application,
        defaults={"text": feedback, "shared_with_team": share_feedback},
    )
    newly_shared = (
        share_feedback
        and feedback
        and (previous is None or not previous.shared_with_team or previous.text != feedback)
    )
    if not newly_shared:
        # Still an event, for the CRESS team only: it moves the application's last activity,
        # which keys its page (application_views.ApplicationSheet).
        _event(
            application,
            EventKind.NOTE,
            by,
            text=_("Évaluation VIURE du Labo mise à jour"),
            carriers=False,
            partners=False,
        )
        return
    _event(
        application,
        EventKind.MESSAGE,
        by,
        text=_("Retour de l'équipe du Labo sur l'évaluation VIURE"),
    )
    notification_send(
        recipients=_team(application),
        kind="applications.feedback",
        title=_("Le retour du Labo sur votre candidature"),
        body=feedback[:500],
        url=_url(application) + "#viure",
        exclude=by,
    )


# Reminders ---------------------------------------------------------------------------------------


def application_reminders_send(*, today=None) -> dict:
    """Daily: each staff referent gets the applications with an appointment in the next 7 days
    or without activity for 30 days; teams get the list of mandatory documents still missing
    7 days before their round closes. Returns how many e-mails were queued, by kind."""
    now = timezone.now()
    today = today or timezone.localdate()
    open_applications = Application.objects.filter(closed_at__isnull=True).select_related(
        "project", "round__programme", "stage", "cress_referent"
    )
    attention = open_applications.filter(
        Q(next_appointment_at__range=(now, now + timedelta(days=7)))
        | Q(last_activity_at__lt=now - timedelta(days=30))
    ).exclude(cress_referent=None)
    by_referent: dict = {}
    for application in attention:
        by_referent.setdefault(application.cress_referent, []).append(application)
    for referent, applications in by_referent.items():
        notification_send(
            recipients=[referent],
            kind="applications.referent_digest",
            title=_("%(count)d candidature(s) à suivre cette semaine")
            % {"count": len(applications)},
            body="\n".join(
                f"- {a.project.title} ({a.round.programme.name}) : "
                + (
                    _("rendez-vous le %(date)s")
                    % {"date": timezone.localtime(a.next_appointment_at).strftime("%d/%m %H:%M")}
                    if a.next_appointment_at and a.next_appointment_at >= now
                    else _("sans activité depuis le %(date)s")
                    % {"date": timezone.localtime(a.last_activity_at).strftime("%d/%m/%Y")}
                )
                for a in applications
            ),
            url=reverse("applications:list"),
        )
    missing_sent = 0
    closing = open_applications.filter(
        round__status=RoundStatus.OPEN, round__closes_on=today + timedelta(days=7)
    )
    for application in closing:
        missing = [
            item["requirement"].name
            for item in document_states(application)
            if item["state"] in ("a-deposer", "en-retard")
        ] + [
            _("le formulaire « %(form)s »") % {"form": row["form"].title}
            for row in application_forms(application)
            if row["state"] != FormState.SUBMITTED
        ]
        if missing:
            notification_send(
                recipients=_team(application),
                kind="applications.missing_documents",
                title=_("Plus que 7 jours pour compléter votre dossier %(programme)s")
                % {"programme": application.round.programme.name},
                body=_("Encore à fournir : %(list)s") % {"list": ", ".join(missing)},
                url=_url(application) + "#documents",
            )
            missing_sent += 1
    due_sent = _due_documents_remind(open_applications, today + timedelta(days=3))
    return {
        "referents": len(by_referent),
        "missing_documents": missing_sent,
        "due_documents": due_sent,
    }


def _due_documents_remind(open_applications, due_on) -> int:
    """Teams whose documents are due on `due_on` (a deadline counted from a stage) get one
    reminder listing them. Returns the number of applications reminded."""
    with_deadlines = open_applications.filter(
        round__programme__required_documents__due_within_days__isnull=False
    ).distinct()
    sent = 0
    for application in with_deadlines:
        due = [
            item["requirement"].name
            for item in document_states(application)
            if item["state"] == "a-deposer"
            and item["due_on"] == due_on
            and item["requirement"].due_within_days is not None
        ]
        if due:
            notification_send(
                recipients=_team(application),
                kind="applications.missing_documents",
                title=_("À fournir d'ici le %(date)s pour votre dossier %(programme)s")
                % {
                    "date": due_on.strftime("%d/%m/%Y"),
                    "programme": application.round.programme.name,
                },
                body=_("Pièces attendues : %(list)s") % {"list": ", ".join(due)},
                url=_url(application) + "#documents",
            )
            sent += 1
    return sent


@transaction.atomic
def application_details_update(
    *, application, by, cress_referent, amount_requested, amount_granted
) -> Application:
    if not permissions.can_manage_application(by, application):
        raise PermissionDenied
    application.cress_referent = cress_referent
    application.amount_requested = amount_requested
    application.amount_granted = amount_granted
    application.save(update_fields=["cress_referent", "amount_requested", "amount_granted"])
    _event(
        application,
        EventKind.NOTE,
        by,
        carriers=False,
        partners=True,
        text=_(
            "Suivi mis à jour : référent·e %(referent)s, montant demandé %(asked)s €, "
            "accordé %(granted)s €"
        )
        % {
            "referent": cress_referent.display_name if cress_referent else "—",
            "asked": amount_requested if amount_requested is not None else "—",
            "granted": amount_granted if amount_granted is not None else "—",
        },
    )
    return application


# Partners -----------------------------------------------------------------------------------------


@transaction.atomic
def partner_opinion_save(*, application, by, opinion: str, comment: str) -> PartnerOpinion:
    """The opinion of the person's organisation on an application shared with it (the first of
    their organisations it is shared with), given or revised."""
    if not permissions.can_give_partner_opinion(by, application):
        raise PermissionDenied
    organisation = application.shared_with.filter(memberships__user=by).first()
    record, _created = PartnerOpinion.objects.update_or_create(
        application=application,
        organisation=organisation,
        defaults={"opinion": opinion, "comment": comment, "author": by},
    )
    _event(
        application,
        EventKind.OPINION,
        by,
        text=_("%(organisation)s : avis %(opinion)s")
        % {"organisation": organisation.name, "opinion": record.get_opinion_display().lower()},
        carriers=False,
    )
    notification_send(
        recipients=_staff_followers(application),
        kind="applications.opinion",
        title=_("Avis de %(organisation)s sur %(project)s")
        % {"organisation": organisation.name, "project": application.project.title},
        body=comment,
        url=_url(application),
        exclude=by,
    )
    return record


def application_access_record(*, application, user, what: str) -> None:
    """Note that a partner or a jury member opened this application (no cache moves: staff's
    page reads the log afresh)."""
    if permissions.is_recorded_visitor(user, application):
        ApplicationAccess.objects.create(application=application, user=user, what=what[:30])


# Decision ----------------------------------------------------------------------------------------


@transaction.atomic
def application_decide(*, application, outcome: Stage, message: str, amount_granted, by):
    """The decision (« détermination »): the application moves to its outcome stage and the
    carriers receive the message, written from the programme's templates; both in the
    timeline, both notified."""
    if not permissions.can_record_decision(by, application):
        raise PermissionDenied
    if not (outcome.is_positive_outcome or outcome.is_negative_outcome):
        raise ValidationError(_("Choisissez une issue : retenu ou non retenu."), code="outcome")
    if amount_granted is not None and outcome.is_positive_outcome:
        Application.objects.filter(pk=application.pk).update(amount_granted=amount_granted)
    application = application_move_to_stage(
        application=application, stage=outcome, by=by, note=_("Décision enregistrée.")
    )
    application_message_post(application=application, author=by, text=message)
    return application
