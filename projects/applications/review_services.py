"""Writes on reviews: staff assign reviewers (a person of the CRESS team or of a partner
organisation, or an outside jury member invited by e-mail), each reviewer declares any conflict
of interest and sends their scores once. Every step is checked here and written in the
timeline for staff only (projects.applications.services._event)."""

from functools import partial

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.addresses import absolute_url
from labo.notifications.services import notification_send
from projects.applications import permissions
from projects.applications.services import _event, _staff_followers
from projects.choices import VIURE_CRITERIA
from projects.models import ConflictOfInterest, EventKind, Review
from projects.tasks import send_jury_invitation

REVIEW_SCORES = range(5)  # 0 to 4 per criterion


def reviews_url(application) -> str:
    return reverse("applications:reviews", args=[application.pk])


@transaction.atomic
def reviewer_assign(*, application, reviewer, by, email: bool = True) -> Review:
    """`email=False` when the caller sends its own e-mail (an invitation to the jury)."""
    if not permissions.can_assign_reviewers(by, application):
        raise PermissionDenied
    try:
        with transaction.atomic():
            review = Review.objects.create(
                application=application, reviewer=reviewer, assigned_by=by
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s évalue déjà cette candidature.") % {"name": reviewer.display_name},
            code="assigned",
        ) from error
    _event(
        application,
        EventKind.REVIEW,
        by,
        text=_("Évaluation confiée à %(name)s") % {"name": reviewer.display_name},
        carriers=False,
        partners=False,
    )
    notification_send(
        recipients=[reviewer],
        kind="applications.review",
        title=_("Une candidature à évaluer : %(project)s") % {"project": application.project.title},
        url=reviews_url(application),
        exclude=by,
        email=email,
    )
    return review


@transaction.atomic
def jury_member_invite(*, application, email: str, name: str, by) -> Review:
    """An outside jury member: an account for this address if there is none (its address
    counts as verified: the invitation reaches it), then the assignment; the e-mail carries a
    link to choose a password, valid as Django's password reset links are."""
    if not permissions.can_assign_reviewers(by, application):
        raise PermissionDenied
    email = get_user_model().objects.normalize_email(email).lower()
    user = get_user_model().objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = get_user_model().objects.create_user(email=email, display_name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    review = reviewer_assign(application=application, reviewer=user, by=by, email=False)
    link = absolute_url(reviews_url(application))
    if created:
        link = absolute_url(
            reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(user),
                    "key": default_token_generator.make_token(user),
                },
            )
        )
    transaction.on_commit(
        partial(send_jury_invitation.enqueue, review_id=review.pk, link=link, new_account=created)
    )
    return review


@transaction.atomic
def reviewer_unassign(*, review, by) -> None:
    if not permissions.can_assign_reviewers(by, review.application):
        raise PermissionDenied
    if review.is_submitted:
        raise ValidationError(
            _("Cette évaluation est déjà envoyée : elle reste au dossier."), code="submitted"
        )
    application = review.application
    name = review.reviewer.display_name
    review.delete()
    _event(
        application,
        EventKind.REVIEW,
        by,
        text=_("Évaluation retirée à %(name)s") % {"name": name},
        carriers=False,
        partners=False,
    )


@transaction.atomic
def review_declare_conflict(*, review, by, has_conflict: bool, note: str = "") -> Review:
    if review.reviewer_id != by.pk or review.is_submitted or review.conflict:
        raise PermissionDenied
    review.conflict = ConflictOfInterest.DECLARED if has_conflict else ConflictOfInterest.NONE
    review.conflict_note = note
    review.save(update_fields=["conflict", "conflict_note"])
    if has_conflict:
        _event(
            review.application,
            EventKind.REVIEW,
            by,
            text=_("%(name)s déclare un conflit d'intérêts et n'évalue pas cette candidature.")
            % {"name": by.display_name},
            carriers=False,
            partners=False,
        )
        notification_send(
            recipients=_staff_followers(review.application),
            kind="applications.review",
            title=_("Conflit d'intérêts déclaré sur %(project)s")
            % {"project": review.application.project.title},
            body=note,
            url=reviews_url(review.application),
            exclude=by,
        )
    return review


@transaction.atomic
def review_submit(
    *, review, by, scores: dict, recommendation: str, comment: str, answers: dict | None = None
) -> Review:
    """scores: {criterion: (score 0–4, comment)} for the five VIURE criteria (empty for a
    programme without them); answers: to the programme's own questions, by question id."""
    if not permissions.can_review(by, review) or review.conflict != ConflictOfInterest.NONE:
        raise PermissionDenied
    review.scores = {
        code: {"score": scores[code][0], "comment": scores[code][1]}
        for code, _l in VIURE_CRITERIA
        if code in scores
    }
    review.answers = answers or {}
    review.recommendation = recommendation
    review.comment_for_team = comment
    review.submitted_at = timezone.now()
    review.save(
        update_fields=["scores", "answers", "recommendation", "comment_for_team", "submitted_at"]
    )
    _event(
        review.application,
        EventKind.REVIEW,
        by,
        text=_("Évaluation envoyée par %(name)s") % {"name": by.display_name},
        carriers=False,
        partners=False,
    )
    notification_send(
        recipients=_staff_followers(review.application),
        kind="applications.review",
        title=_("Nouvelle évaluation de %(project)s")
        % {"project": review.application.project.title},
        url=reviews_url(review.application),
        exclude=by,
    )
    return review
