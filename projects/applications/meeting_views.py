"""A meeting's pages, under its application: /candidatures/<id>/rendez-vous/ to fix one (staff),
…/<meeting_id>/ to read it (its application's team, staff, partners) and, for staff, to change,
cancel or write its minutes; …/invitation.ics to add it to a calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labo.permissions import is_staff_member
from projects.applications import meeting_services, permissions
from projects.applications.meeting_calendar import meeting_calendar
from projects.applications.meeting_emails import applications_known_to, meeting_when
from projects.applications.meeting_forms import CancelForm, MeetingForm, MinutesForm
from projects.applications.views import _application, _no_store
from projects.models import Application


def _meeting(request, pk, meeting_id):
    application = _application(request, pk)
    if not permissions.can_see_meetings(request.user, application):
        raise PermissionDenied
    meeting = get_object_or_404(
        application.meetings.select_related("round__programme", "public_event"), pk=meeting_id
    )
    return application, meeting


def _other_applications(application):
    return (
        Application.objects.filter(round=application.round, closed_at=None)
        .exclude(pk=application.pk)
        .select_related("project", "stage")
        .order_by("project__title")
    )


@login_required
def application_meeting_new(request, pk):
    application = _application(request, pk)
    if not permissions.can_schedule_meetings(request.user, application):
        raise PermissionDenied
    choices = meeting_services.meeting_participant_choices([application])
    form = MeetingForm(
        request.POST or None,
        participant_choices=choices,
        other_applications=_other_applications(application),
        initial={
            "participants": [*meeting_services.team_of([application]), request.user],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_schedule(
                application=application,
                by=request.user,
                participants=form.cleaned_data["participants"],
                other_applications=form.cleaned_data["other_applications"],
                **form.schedule(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Le rendez-vous est fixé ; les invitations partent par e-mail.")
            )
            return redirect("applications:meeting", pk=application.pk, meeting_id=meeting.pk)
    return _no_store(
        render(
            request,
            "applications/meeting_form.html",
            {"application": application, "form": form},
        )
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def application_meeting(request, pk, meeting_id):
    application, meeting = _meeting(request, pk, meeting_id)
    user = request.user
    can_schedule = permissions.can_schedule_meetings(user, application)
    form = None
    if can_schedule and not meeting.is_cancelled:
        applications = list(meeting.applications.all())
        form = MeetingForm(
            request.POST or None,
            instance=meeting,
            participant_choices=meeting_services.meeting_participant_choices(applications),
        )
        if request.method == "POST" and form.is_valid():
            try:
                meeting_services.meeting_update(
                    meeting=meeting,
                    by=user,
                    participants=form.cleaned_data["participants"],
                    **form.schedule(),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("Le rendez-vous est mis à jour ; les invités sont prévenus.")
                )
                return redirect("applications:meeting", pk=application.pk, meeting_id=meeting.pk)
        if request.method == "POST":
            # Refused: the page tells the meeting as it stands (the form shows what was typed;
            # validating it wrote the typed values on this instance).
            meeting.refresh_from_db()
    elif request.method == "POST":
        raise PermissionDenied
    return _meeting_page(request, application, meeting, form=form)


def _meeting_page(request, application, meeting, *, form=None, minutes_form=None, status=200):
    user = request.user
    can_schedule = permissions.can_schedule_meetings(user, application)
    if can_schedule and minutes_form is None:
        minutes_form = MinutesForm(
            initial={
                "minutes": meeting.minutes,
                "shared_with_team": meeting.minutes_shared_with_team,
            }
        )
    context = {
        "application": application,
        "meeting": meeting,
        "when": meeting_when(meeting),
        "form": form,
        "can_schedule": can_schedule,
        "participants": _participants_shown(meeting, user),
        "applications": applications_known_to(meeting, user) if is_staff_member(user) else [],
        "reads_minutes": permissions.can_read_minutes(user, meeting, application),
        "minutes_form": minutes_form,
        "cancel_form": CancelForm() if can_schedule and not meeting.is_cancelled else None,
        "now": timezone.now(),
    }
    return _no_store(render(request, "applications/meeting.html", context, status=status))


def _participants_shown(meeting, user) -> dict:
    """Staff and partners read every name; a project's team reads the CRESS and partner
    participants and their own team, the others of an agora only as a number."""
    people = list(meeting.participants.order_by("display_name", "email"))
    if is_staff_member(user):
        return {"names": people, "others": 0}
    own_team = set(
        meeting_services.team_of(applications_known_to(meeting, user)).values_list("pk", flat=True)
    )
    carriers = set(
        meeting_services.team_of(meeting.applications.all()).values_list("pk", flat=True)
    )
    names = [p for p in people if p.pk not in carriers or p.pk in own_team]
    return {"names": names, "others": len(people) - len(names)}


@require_POST
@login_required
def application_meeting_cancel(request, pk, meeting_id):
    application, meeting = _meeting(request, pk, meeting_id)
    if not permissions.can_schedule_meetings(request.user, application):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if form.is_valid():
        meeting_services.meeting_cancel(
            meeting=meeting, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Le rendez-vous est annulé ; les invités sont prévenus."))
    else:
        messages.error(request, _("Le message aux invités tient en 500 caractères."))
    return redirect("applications:meeting", pk=application.pk, meeting_id=meeting.pk)


@require_POST
@login_required
def application_meeting_minutes(request, pk, meeting_id):
    application, meeting = _meeting(request, pk, meeting_id)
    if not permissions.can_schedule_meetings(request.user, application):
        raise PermissionDenied
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.meeting_minutes_save(
                meeting=meeting,
                by=request.user,
                minutes=form.cleaned_data["minutes"],
                shared_with_team=form.cleaned_data["shared_with_team"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le compte rendu est enregistré."))
            return redirect("applications:meeting", pk=application.pk, meeting_id=meeting.pk)
    # Shown again with what was typed and why it was refused.
    return _meeting_page(request, application, meeting, minutes_form=form, status=400)


@login_required
def application_meeting_ics(request, pk, meeting_id):
    application, meeting = _meeting(request, pk, meeting_id)
    # A file to add by hand (METHOD:PUBLISH), with the UID of the invitations: importing it
    # after an invitation updates the same entry.
    content = meeting_calendar(
        meeting, applications=applications_known_to(meeting, request.user), application=application
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{meeting.pk}.ics"'
    return _no_store(response)
