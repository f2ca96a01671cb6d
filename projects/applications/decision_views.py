"""Recording the decision on an application (`/candidatures/<id>/decision/`, staff): the outcome
stage, a message to the carriers started from the programme's templates, the amount granted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from labo.ids import database_id
from projects.applications import permissions, selectors, services
from projects.applications.forms import DecisionForm
from projects.applications.views import _application, _no_store
from projects.models import DecisionTemplate


@login_required
def application_decision(request, pk):
    application = _application(request, pk)
    if not permissions.can_record_decision(request.user, application):
        raise PermissionDenied
    stages, _transitions = selectors.programme_workflow(application.round.programme)
    outcomes = [s for s in stages if s.is_positive_outcome or s.is_negative_outcome]
    templates = list(
        DecisionTemplate.objects.filter(programme_id=application.round.programme_id)
        .select_related("outcome")
        .order_by("sort_order", "pk")
    )
    chosen = next((t for t in templates if t.pk == database_id(request.GET.get("modele"))), None)
    if request.method == "POST":
        form = DecisionForm(request.POST, outcomes=outcomes)
        if form.is_valid():
            try:
                services.application_decide(
                    application=application,
                    outcome=form.cleaned_data["outcome"],
                    message=form.cleaned_data["message"],
                    amount_granted=form.cleaned_data["amount_granted"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("La décision est enregistrée et le message envoyé aux porteurs.")
                )
                return redirect("applications:detail", pk=application.pk)
        status = 400
    else:
        initial = (
            {"outcome": chosen.outcome_id, "message": chosen.filled(application)} if chosen else {}
        )
        form = DecisionForm(initial=initial, outcomes=outcomes)
        status = 200
    return _no_store(
        render(
            request,
            "applications/decision.html",
            {"application": application, "form": form, "templates": templates, "chosen": chosen},
            status=status,
        )
    )
