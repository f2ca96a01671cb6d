"""The reviews of an application (`/candidatures/<id>/evaluations/`): staff assign reviewers and
read every review with the criteria's averages; a reviewer declares any conflict of interest,
sends their scores, and only then reads the others'. The project's team and partners who do
not review never open it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labo.permissions import is_staff_member
from projects.applications import permissions, questionnaire, review_services, selectors
from projects.applications.forms import (
    ConflictForm,
    JuryInviteForm,
    ReviewerAssignForm,
    ReviewScoreForm,
)
from projects.applications.views import _application, _no_store
from projects.choices import VIURE_CRITERIA
from projects.models import Review


def _page(request, application, *, conflict_form=None, score_form=None, status=200, **forms_):
    user = request.user
    reviews = selectors.reviews_of(application)
    own = next((review for review in reviews if review.reviewer_id == user.pk), None)
    can_read = permissions.can_read_reviews(user, application, own)
    labels = dict(VIURE_CRITERIA)
    questions = questionnaire.review_questions_of(application.round.programme)
    for review in reviews:
        review.criteria = [
            (labels.get(code, code), part) for code, part in (review.scores or {}).items()
        ]
        review.answer_rows = [
            (q.label, questionnaire.answer_text(q.kind, review.answers.get(q.id), q.options))
            for q in questions
            if q.id in (review.answers or {})
        ]
    is_staff = is_staff_member(user)
    context = {
        "application": application,
        "own": own,
        "reviews": reviews if can_read else [],
        "summary": selectors.review_summary(application, reviews) if can_read else [],
        "is_staff": is_staff,
        "conflict_form": conflict_form
        or (ConflictForm() if own and not own.conflict and not own.is_submitted else None),
        "score_form": score_form
        or (
            _score_form(application)
            if own and permissions.can_review(user, own) and own.conflict
            else None
        ),
        "uses_viure": application.round.programme.uses_viure_assessment,
        "assign_form": forms_.get("assign_form")
        or (
            ReviewerAssignForm(choices=selectors.reviewer_choices(application))
            if is_staff
            else None
        ),
        "invite_form": forms_.get("invite_form") or (JuryInviteForm() if is_staff else None),
        "sent_count": sum(1 for review in reviews if review.is_submitted),
    }
    return _no_store(render(request, "applications/reviews.html", context, status=status))


def _score_form(application, data=None) -> ReviewScoreForm:
    """The programme's review form: the VIURE criteria if it uses them, then its questions."""
    programme = application.round.programme
    return ReviewScoreForm(
        data,
        criteria=programme.uses_viure_assessment,
        questions=questionnaire.review_questions_of(programme),
    )


def _reviews_page_application(request, pk):
    application = _application(request, pk)
    if not permissions.can_open_reviews_page(request.user, application):
        raise PermissionDenied
    return application


@login_required
def application_reviews(request, pk):
    application = _reviews_page_application(request, pk)
    if request.method != "POST":
        return _page(request, application)
    review = Review.objects.filter(application=application, reviewer=request.user).first()
    if review is None:
        raise PermissionDenied
    action = request.POST.get("action")
    try:
        if action == "conflit":
            form = ConflictForm(request.POST)
            if not form.is_valid():
                return _page(request, application, conflict_form=form, status=400)
            review_services.review_declare_conflict(
                review=review,
                by=request.user,
                has_conflict=form.cleaned_data["conflict"] == "declare",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("C'est noté, merci."))
        elif action == "evaluer":
            form = _score_form(application, request.POST)
            if not form.is_valid():
                return _page(request, application, score_form=form, status=400)
            review_services.review_submit(
                review=review,
                by=request.user,
                scores=form.scores(),
                answers=form.answers(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(
                request, _("Votre évaluation est envoyée. Vous pouvez lire celles des autres.")
            )
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("applications:reviews", pk=application.pk)


@require_POST
@login_required
def application_reviewer_assign(request, pk):
    application = _application(request, pk)
    if not permissions.can_assign_reviewers(request.user, application):
        raise PermissionDenied
    try:
        if request.POST.get("email"):
            form = JuryInviteForm(request.POST)
            if not form.is_valid():
                return _page(request, application, invite_form=form, status=400)
            review = review_services.jury_member_invite(
                application=application,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        else:
            form = ReviewerAssignForm(request.POST, choices=selectors.reviewer_choices(application))
            if not form.is_valid():
                return _page(request, application, assign_form=form, status=400)
            reviewer = get_object_or_404(get_user_model(), pk=form.cleaned_data["reviewer"])
            review = review_services.reviewer_assign(
                application=application, reviewer=reviewer, by=request.user
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s est invité·e à évaluer cette candidature.")
            % {"name": review.reviewer.display_name},
        )
    return redirect("applications:reviews", pk=application.pk)


@require_POST
@login_required
def application_reviewer_remove(request, pk, review_id):
    application = _application(request, pk)
    if not permissions.can_assign_reviewers(request.user, application):
        raise PermissionDenied
    review = get_object_or_404(Review, pk=review_id, application=application)
    try:
        review_services.reviewer_unassign(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("applications:reviews", pk=application.pk)
