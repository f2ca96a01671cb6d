"""Registration, calendars and the team's registrant list. The event pages themselves are
Wagtail pages (EventPage.get_context); these views act on them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import permissions, selectors, services
from events.calendars import calendar_build, event_calendar
from events.choices import RegistrationStatus
from events.filters import EventFilters
from events.forms import (
    EventProposalForm,
    GuestRegistrationForm,
    RegistrantsMessageForm,
    RegistrationForm,
    StaffAddRegistrantForm,
)
from events.models import CalendarFeed, EventPage, Registration
from labo.accounts.adapter import LaboAccountAdapter
from labo.addresses import absolute_url, webcal_url
from labo.ids import database_id
from labo.permissions import is_member
from labo.spreadsheets import csv_response

FEED_LIMIT = 500


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _event(slug: str) -> EventPage:
    return get_object_or_404(
        selectors.public_events().select_related("commune", "announced_schedule"), slug=slug
    )


def _calendar_response(content: bytes, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def _render_event_page(request, event: EventPage, *, status: int = 200, **extra):
    """The event page with what the person just typed (a form with errors)."""
    context = event.get_context(request)
    context.update(extra)
    return TemplateResponse(request, event.get_template(request), context, status=status)


# Registration ---------------------------------------------------------------------------------


@require_POST
def register(request, slug):
    event = _event(slug)
    if not request.user.is_authenticated:
        if permissions.can_register_as_guest(request.user, event):
            return _register_guest(request, event)
        return redirect_to_login(event.url)
    if not permissions.can_register(request.user, event):
        raise PermissionDenied
    if services.active_registration(event=event, user=request.user) is not None:
        # Checked before the form: the page shows no form to a registered person, so its
        # errors would have nowhere to appear.
        messages.info(request, _("Vous êtes déjà inscrit·e à cet événement."))
        return redirect(f"{event.url}#inscription")
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _render_event_page(request, event, status=400, registration_form=form)
    try:
        registration = services.registration_create(
            event=event,
            user=request.user,
            answers=form.answers(),
            name_shown=form.cleaned_data["name_shown"],
            **form.companions(),
        )
    except services.RegistrationRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(f"{event.url}#inscription")
    if registration.is_confirmed:
        messages.success(
            request,
            _(
                "C'est noté : votre place est réservée. Un e-mail de confirmation arrive, avec "
                "le fichier à ajouter à votre agenda."
            ),
        )
    else:
        messages.info(
            request,
            _(
                "L'événement est complet : vous êtes n° %(position)d sur la liste d'attente. Nous "
                "vous écrirons dès qu'une place se libère."
            )
            % {"position": selectors.waitlist_position(registration)},
        )
    return redirect(f"{event.url}#inscription")


def _register_guest(request, event: EventPage):
    form = GuestRegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _render_event_page(request, event, status=400, registration_form=form)
    try:
        services.guest_registration_request(
            event=event,
            name=form.cleaned_data["guest_name"],
            email=form.cleaned_data["guest_email"],
            client_ip=LaboAccountAdapter(request).get_client_ip(request),
            answers=form.answers(),
            **form.companions(),
        )
    except services.GuestRequestsLimited:
        form.add_error(
            None,
            _(
                "Trop de demandes d'inscription depuis cette connexion ou pour cette adresse : "
                "réessayez dans une heure, ou écrivez à l'équipe du Labo."
            ),
        )
        return _render_event_page(request, event, status=429, registration_form=form)
    except services.RegistrationRefused as refusal:
        form.add_error(None, refusal.message)
        return _render_event_page(request, event, status=400, registration_form=form)
    # The same words whoever the address belongs to: the form tells nobody who is registered.
    messages.success(
        request,
        _(
            "Presque fini : ouvrez l'e-mail que nous venons d'envoyer à %(email)s et cliquez sur "
            "le lien pour confirmer votre inscription."
        )
        % {"email": form.cleaned_data["guest_email"]},
    )
    return redirect("events:registration_sent", slug=event.slug)


@require_GET
def registration_sent(request, slug):
    """After a guest's request: what to do next (their inbox), where the form stood."""
    event = _event(slug)
    return _no_store(
        TemplateResponse(
            request,
            "events/registration_sent.html",
            {"event": event, "hold_minutes": int(services.GUEST_HOLD.total_seconds() // 60)},
        )
    )


def _registration_of_token(token: str) -> Registration:
    registration = (
        Registration.objects.select_related("event", "event__commune", "user")
        .filter(token=token, event__live=True)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@require_GET
def registration_confirm(request, token):
    """The link of a guest's e-mail: confirms their registration, then shows it."""
    registration = _registration_of_token(token)
    if registration.is_pending:
        try:
            registration = services.guest_registration_confirm(registration=registration)
        except services.RegistrationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            if registration.is_confirmed:
                messages.success(
                    request,
                    _("C'est confirmé : votre place est réservée. À bientôt !"),
                )
            else:
                messages.info(
                    request,
                    _("C'est complet : vous êtes sur la liste d'attente. Nous vous écrirons."),
                )
    return redirect("events:registration", token=token)


def registration_by_token(request, token):
    """A registration seen through the secret link of its e-mails (guests have no account):
    what it is, and a button to cancel it."""
    registration = _registration_of_token(token)
    if request.method == "POST":
        if registration.is_active and not registration.event.is_past:
            services.registration_cancel(registration=registration, by=None)
            messages.success(
                request, _("Votre inscription est annulée. Merci d'avoir libéré votre place.")
            )
        return redirect("events:registration", token=token)
    response = TemplateResponse(
        request,
        "events/registration_by_token.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waitlist_position(registration)
            if registration.is_waitlisted
            else None,
        },
    )
    # The address holds the secret: no copy kept anywhere, never sent to another site as a
    # referrer. (Not "no-referrer": browsers then send `Origin: null` with the cancel form,
    # which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return _no_store(response)


@require_POST
@login_required
def cancel(request, slug):
    event = _event(slug)
    registration = (
        Registration.objects.filter(event=event, user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        messages.info(request, _("Vous n'étiez pas inscrit·e à cet événement."))
        return redirect(event.url)
    services.registration_cancel(registration=registration, by=request.user)
    messages.success(
        request,
        _("Votre inscription est annulée. Merci d'avoir libéré votre place."),
    )
    return redirect(f"{event.url}#inscription")


@login_required
def event_propose(request):
    """A carrier proposes a local event; the team reviews it in « Relecture »."""
    if not permissions.can_propose_event(request.user):
        raise PermissionDenied
    form = EventProposalForm(request.POST or None, now=timezone.now())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.event_propose(
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            event_format=data["event_format"],
            venue_name=data["venue_name"],
            venue_address=data["venue_address"],
            commune=data["commune"],
            departement=data["departement"],
            online_url=data["online_url"],
            capacity=data["capacity"],
        )
        messages.success(
            request,
            _(
                "Merci ! Votre rencontre est transmise à l'équipe du Labo, qui la relit avant de "
                "la publier dans l'agenda ; vous serez prévenu·e."
            ),
        )
        return redirect("/agenda/")
    return _no_store(
        TemplateResponse(
            request,
            "events/event_propose.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


@login_required
def my_registrations(request):
    feed = services.calendar_feed_get_or_create(user=request.user)
    feed_url = absolute_url(f"/agenda/mon-agenda/{feed.token}.ics")
    return _no_store(
        TemplateResponse(
            request,
            "events/my_registrations.html",
            {
                **selectors.registrations_of(request.user),
                "feed_url": feed_url,
                "webcal_url": webcal_url(feed_url),
            },
        )
    )


@require_POST
@login_required
def calendar_feed_renew(request):
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _(
            "Nouvelle adresse créée : l'ancienne ne fonctionne plus. Abonnez votre agenda à la "
            "nouvelle adresse ci-dessous."
        ),
    )
    return redirect("events:my_registrations")


# Calendars ------------------------------------------------------------------------------------


@require_GET
def event_ics(request, slug):
    event = _event(slug)
    registration = None
    if is_member(request.user):
        registration = Registration.objects.filter(event=event, user=request.user).first()
    with_link = event.is_online and permissions.can_see_online_link(
        request.user, event, registration
    )
    return _calendar_response(
        event_calendar(event, online_link=with_link),
        filename=f"{event.slug}.ics",
        private=request.user.is_authenticated,
    )


@require_GET
def agenda_feed(request):
    """All public upcoming events, filtered like the list (same GET parameters)."""
    filters = EventFilters.from_querydict(request.GET)
    events = (
        selectors.upcoming_events(filters)
        .select_related("commune", "announced_schedule")
        .prefetch_related("themes")[:FEED_LIMIT]
    )
    name = _("Agenda du Labo de l'habitat des communs")
    return _calendar_response(
        calendar_build(name=name, events=events), filename="agenda.ics", private=False
    )


@require_GET
def personal_feed(request, token):
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    registrations = list(selectors.feed_events_of(feed.user))
    return _calendar_response(
        calendar_build(
            name=_("Mes événements – Labo de l'habitat des communs"),
            events=[r.event for r in registrations],
            online_link_for=[r.event_id for r in registrations if r.is_confirmed],
            tentative_for=[r.event_id for r in registrations if r.is_waitlisted],
        ),
        filename="mon-agenda.ics",
        private=True,
    )


# The team's registrant list -------------------------------------------------------------------


def _managed_event(request, slug) -> EventPage:
    event = get_object_or_404(EventPage.objects.select_related("commune"), slug=slug)
    if not permissions.can_manage_registrations(request.user, event):
        raise PermissionDenied
    return event


def _registrants(event):
    return (
        selectors.registrants_for_staff(event)
        .annotate(
            status_order=Case(
                When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
                When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
                When(status=RegistrationStatus.PENDING, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("status_order", "queued_at", "pk")
    )


@login_required
def registrants(request, slug, *, add_form=None, message_form=None, status=200):
    event = _managed_event(request, slug)
    rows = list(_registrants(event))
    position = 0
    for row in rows:
        if row.is_waitlisted:
            position += 1
            row.position = position
    confirmed = [row for row in rows if row.is_confirmed]
    confirmed_people = sum(row.seats for row in confirmed)
    present = sum(row.seats for row in confirmed if row.attended)
    return _no_store(
        TemplateResponse(
            request,
            "events/registrants.html",
            {
                "event": event,
                "registrations": rows,
                "confirmed_count": confirmed_people,
                "waitlisted_count": sum(row.seats for row in rows if row.is_waitlisted),
                "guest_count": sum(row.is_guest and row.is_active for row in rows),
                # Marked on the day: each registration comes with its companions.
                "attendance_marked": any(row.attended is not None for row in confirmed),
                "present_count": present,
                "attendance_rate": round(100 * present / confirmed_people)
                if confirmed_people
                else 0,
                "add_form": add_form or StaffAddRegistrantForm(),
                "message_form": message_form or RegistrantsMessageForm(),
                "sent_messages": event.messages.select_related("sent_by")[:20],
                "is_started": event.starts_at <= timezone.now(),
            },
            status=status,
        )
    )


@require_POST
@login_required
def registrant_add(request, slug):
    event = _managed_event(request, slug)
    form = StaffAddRegistrantForm(request.POST)
    if not form.is_valid():
        return registrants(request, slug, add_form=form, status=400)
    data = form.cleaned_data
    try:
        if form.user is not None:
            registration = services.registration_create(
                event=event,
                user=form.user,
                added_by=request.user,
                companions=data["companions"],
            )
        else:
            registration = services.guest_registration_add(
                event=event,
                name=data["name"],
                email=data["email"],
                added_by=request.user,
                companions=data["companions"],
            )
    except services.RegistrationRefused as refusal:
        form.add_error("email", refusal.message)
        return registrants(request, slug, add_form=form, status=400)
    messages.success(
        request,
        _("%(name)s est inscrit·e (%(status)s).")
        % {
            "name": registration.display_name,
            "status": registration.get_status_display().lower(),
        },
    )
    return redirect("events:registrants", slug=slug)


@require_POST
@login_required
def registrant_remove(request, slug, pk):
    event = _managed_event(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    promoted = services.registration_cancel(registration=registration, by=request.user)
    text = _("%(name)s ne fait plus partie des inscrits.") % {"name": registration.display_name}
    if promoted:
        text += " " + _("Place attribuée à %(names)s (prévenu·e par e-mail).") % {
            "names": ", ".join(r.display_name for r in promoted)
        }
    messages.success(request, text)
    return redirect("events:registrants", slug=slug)


@require_POST
@login_required
def attendance(request, slug):
    event = _managed_event(request, slug)
    present_ids = [
        number for value in request.POST.getlist("present") if (number := database_id(value))
    ]
    count = services.registration_attendance_set(
        event=event, present_ids=present_ids, by=request.user
    )
    messages.success(
        request, _("Présences enregistrées : %(count)d personne(s).") % {"count": count}
    )
    return redirect("events:registrants", slug=slug)


@require_POST
@login_required
def registrants_message(request, slug):
    event = _managed_event(request, slug)
    form = RegistrantsMessageForm(request.POST)
    if not form.is_valid():
        return registrants(request, slug, message_form=form, status=400)
    message = services.registrants_message(
        event=event,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        include_waitlist=form.cleaned_data["include_waitlist"],
        by=request.user,
    )
    messages.success(
        request,
        _("Message envoyé à %(count)d personne(s).") % {"count": message.recipients_count},
    )
    return redirect("events:registrants", slug=slug)


@login_required
def registrants_export(request, slug):
    event = _managed_event(request, slug)
    rows = list(_registrants(event))
    labels = [question.label for question in event.questions.all()]
    header = [
        _("Nom"),
        _("E-mail"),
        _("Statut"),
        _("Position en liste d'attente"),
        _("Inscrit·e le"),
        _("Confirmé·e le"),
        _("Ajouté·e par"),
        _("Présence"),
        _("Compte"),
        _("Accompagnant·es"),
        _("Noms des accompagnant·es"),
        *labels,
    ]
    position = 0
    table = []
    for row in rows:
        if row.is_waitlisted:
            position += 1
        answers = {answer["label"]: answer["value"] for answer in row.answers or []}
        table.append(
            [
                row.display_name,
                row.email,
                row.get_status_display(),
                position if row.is_waitlisted else "",
                timezone.localtime(row.queued_at).strftime("%d/%m/%Y %H:%M"),
                timezone.localtime(row.confirmed_at).strftime("%d/%m/%Y %H:%M")
                if row.confirmed_at
                else "",
                row.added_by.display_name if row.added_by else "",
                {True: _("présent·e"), False: _("absent·e")}.get(row.attended, ""),
                _("sans compte") if row.is_guest else _("membre"),
                row.companions,
                row.companion_names,
                *[
                    (_("oui") if answers.get(label) is True else answers.get(label, ""))
                    for label in labels
                ],
            ]
        )
    return _no_store(csv_response(filename=f"inscrits-{event.slug}.csv", header=header, rows=table))
