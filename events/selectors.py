"""Reads of the agenda: lists, month view, the event page and a member's registrations. Only
live, public events are listed anywhere (Wagtail's preview shows drafts to editors)."""

import calendar
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from events import permissions
from events.choices import EventFormat, EventScope, RegistrationStatus
from events.filters import EventFilters, Period, View
from events.forms import GuestRegistrationForm, RegistrationForm
from events.models import EventOrganiser, EventPage, EventPhoto, Registration, still_held
from events.window import WindowState, registration_window_state
from labo.addresses import absolute_url
from labo.caching.versions import under_content_version
from labo.core.expressions import names_of
from labo.core.listing import listed_for_everyone, listed_for_person
from labo.core.pictures import pictures_when_read
from labo.facets import (
    FieldFacets,
    KnownCountPaginator,
    cached_facets,
    field_groups,
    five_minutes,
    term_counts,
    term_pairs,
)
from labo.geography import Departement
from labo.permissions import is_member
from labo.prepared import PreparedQuery, PreparedSlices
from labo.text_search import matching_ids
from resources.selectors import THEMES, resources_visible_to

PAGE_SIZE = 10


def public_events():
    """Live events without view restrictions: who sees an event is on its own row
    (labo.core.listing), so lists and counts never join Wagtail's page table to know it."""
    return listed_for_everyone(EventPage.objects.all())


def events_visible_to(user):
    """The live events this person's lists show (labo.core.listing): what a forum thread may
    be linked to."""
    return listed_for_person(EventPage.objects.live(), user)


def with_seats(queryset, *, now=None):
    """Annotate `seats_taken`: confirmed registrations and guests' holds, companions included,
    as the event page counts them (one subquery, whatever the number of events listed).
    `now`: a moment, or the database's `Now()`."""
    taken = (
        Registration.objects.filter(event=OuterRef("pk"))
        .taking_seats(now or timezone.now())
        .order_by()
        .values("event")
        .annotate(n=Sum(F("companions") + 1))
        .values("n")
    )
    return queryset.annotate(
        seats_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))
    )


# The filters that are fields of the event itself: counted in one GROUP BY.
FIELD_FILTERS = {"format": "event_format", "portee": "scope", "departement": "departement"}


def filter_events(filters: EventFilters, *, exclude: str | set[str] = "", base=None):
    """`base`: public_events() by default. `exclude` leaves filters out (for their own facet
    counts)."""
    excluded = {exclude} if isinstance(exclude, str) else set(exclude)
    queryset = base if base is not None else public_events()
    if filters.q:
        queryset = queryset.filter(pk__in=matching_ids(queryset, filters.q))
    if filters.format and "format" not in excluded:
        queryset = queryset.filter(event_format=filters.format)
    if filters.portee and "portee" not in excluded:
        queryset = queryset.filter(scope=filters.portee)
    if filters.departement and "departement" not in excluded:
        queryset = queryset.filter(departement=filters.departement)
    if filters.theme and "theme" not in excluded:
        queryset = queryset.filter(themes__slug=filters.theme)
    return queryset


def in_period(queryset, period: str, *, now: datetime | None = None):
    now = now or timezone.now()
    if period == Period.PAST:
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")


def upcoming_events(filters: EventFilters | None = None, *, now: datetime | None = None):
    return in_period(filter_events(filters or EventFilters()), Period.UPCOMING, now=now)


def _next_events():
    # The database's clock: the SQL stays the same from one request to the next.
    return upcoming_events(now=Now()).select_related("commune")[:3]


# The home page's « Prochains rendez-vous ».
NEXT_EVENTS = PreparedQuery(_next_events)


def _field_groups(filters: EventFilters, *, now=None, base=None):
    return field_groups(
        in_period(
            filter_events(filters, exclude=set(FIELD_FILTERS), base=base),
            filters.periode,
            now=now or Now(),
        ),
        FIELD_FILTERS,
    )


def _theme_pairs(filters: EventFilters, *, now=None, base=None):
    in_other_filters = in_period(
        filter_events(filters, exclude="theme", base=base), filters.periode, now=now or Now()
    ).order_by()
    return term_pairs(EventPage.themes, in_other_filters)


FIELD_GROUPS = PreparedQuery(_field_groups, kept=64)
THEME_PAIRS = PreparedQuery(_theme_pairs, kept=64)


def event_facets(filters: EventFilters, *, now: datetime | None = None, base=None) -> dict:
    """Counts per value of each filter in the period shown ("Gard (2)"), and the number of
    events matching them all (`total`): format, scope and département from one GROUP BY
    (labo.facets.FieldFacets), the themes (many-to-many) from their own query."""
    if now is None and base is None and not filters.q:
        # The public agenda at the database's clock: the SQL of each count depends on the
        # filters alone, prepared (labo.prepared).
        groups = FIELD_GROUPS.rows(
            filters=EventFilters(theme=filters.theme, periode=filters.periode)
        )
        pairs = THEME_PAIRS.rows(filters=replace(filters, theme="", vue="", mois=""))
    else:
        groups = _field_groups(filters, now=now or timezone.now(), base=base)
        pairs = _theme_pairs(filters, now=now or timezone.now(), base=base)
    fields = FieldFacets(
        groups,
        FIELD_FILTERS,
        {
            "format": filters.format or None,
            "portee": filters.portee or None,
            "departement": filters.departement or None,
        },
    )

    def options(choices, found, current):
        return [
            {"value": v, "label": label, "count": found.get(v, 0), "selected": v == current}
            for v, label in choices
        ]

    themes = term_counts(THEMES.rows(), pairs)
    return {
        "format": options(EventFormat.choices, fields.counts("format"), filters.format),
        "portee": options(EventScope.choices, fields.counts("portee"), filters.portee),
        "departement": options(
            Departement.choices, fields.counts("departement"), filters.departement
        ),
        "theme": [
            {
                "value": theme.slug,
                "label": theme.name,
                "count": theme.n,
                "selected": theme.slug == filters.theme,
            }
            for theme in themes
        ],
        "total": fields.total,
    }


def _listing_queryset(queryset, *, now=None):
    """What an event's card shows, in one query (`theme_names`: its themes' names)."""
    return with_seats(queryset.select_related("commune"), now=now).annotate(
        theme_names=names_of(EventPage.themes)
    )


def _agenda_rows(filters: EventFilters, start: int = 0, stop: int | None = None):
    # The database's clock: the SQL stays the same from one request to the next.
    return _listing_queryset(
        in_period(filter_events(filters), filters.periode, now=Now()), now=Now()
    )[start:stop]


# A page of the agenda's list, for filters without words.
AGENDA_ROWS = PreparedQuery(_agenda_rows, kept=64)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def month_grid(filters: EventFilters, *, today: date | None = None, base=None) -> dict:
    """The weeks (Monday first) of the month asked for, each day with the events happening on
    it; an event over several days appears on each of them."""
    today = today or timezone.localdate()
    month = filters.month or today.replace(day=1)
    days_in_month = calendar.monthrange(month.year, month.month)[1]
    next_month = month + timedelta(days=days_in_month)
    events = list(
        _listing_queryset(
            filter_events(filters, base=base).filter(
                starts_at__lt=_local_midnight(next_month), ends_at__gte=_local_midnight(month)
            )
        ).order_by("starts_at", "pk")
    )
    by_day: dict[date, list] = {}
    for event in events:
        first = max(timezone.localdate(event.starts_at), month)
        last = min(timezone.localdate(event.ends_at), next_month - timedelta(days=1))
        day = first
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month.month,
                    "is_today": day == today,
                    "events": by_day.get(day, []) if day.month == month.month else [],
                }
                for day in week
            ]
        )
    previous = (month - timedelta(days=1)).replace(day=1)
    # An empty month points to the next one that has something, rather than a blank grid.
    next_event = None
    if not events:
        next_event = (
            filter_events(filters, base=base)
            .filter(starts_at__gte=_local_midnight(next_month))
            .order_by("starts_at")
            .only("starts_at")
            .first()
        )
    return {
        "next_event_month": timezone.localtime(next_event.starts_at).date().replace(day=1)
        if next_event
        else None,
        "month": month,
        "weeks": weeks,
        "events_count": len(events),
        "previous_month": previous.strftime("%Y-%m"),
        "next_month": next_month.strftime("%Y-%m"),
    }


def registrations_by_event(user, events) -> dict[int, Registration]:
    """The member's active registration for each of the events shown (one query)."""
    if not is_member(user):
        return {}
    registrations = Registration.objects.filter(
        user=user, event__in=[event.pk for event in events]
    ).exclude(status=RegistrationStatus.CANCELLED)
    return {registration.event_id: registration for registration in registrations}


def event_listing(*, request, index) -> dict:
    filters = EventFilters.from_querydict(request.GET)
    base = public_events()
    facets = cached_facets("events", filters, lambda: event_facets(filters), moment=five_minutes())
    context = {
        "filters": filters,
        "facets": facets,
        "filters_querystring": filters.querystring(vue="", mois=""),
        "feed_querystring": filters.feed_querystring(),
        "is_member": is_member(request.user),
    }
    if filters.vue == View.MONTH:
        grid = month_grid(filters, base=base)
        shown = [event for week in grid["weeks"] for day in week for event in day["events"]]
        context["month"] = grid
    else:
        # The total comes with the facets, counted in the same GROUP BY.
        rows = (
            _agenda_rows(filters)
            if filters.q  # the words' matching ids are part of the SQL
            else PreparedSlices(AGENDA_ROWS, facets["total"], filters=replace(filters, mois=""))
        )
        page_obj = pictures_when_read(
            KnownCountPaginator(rows, PAGE_SIZE, count=facets["total"]).get_page(
                request.GET.get("page")
            )
        )
        context["page_obj"] = page_obj
        # Read when the list is rendered (not when it comes from the cache of fragments),
        # except for members, whose registrations each card shows.
        shown = list(page_obj.object_list) if is_member(request.user) else []
    mine = registrations_by_event(request.user, shown)
    for event in shown:
        event.my_registration = mine.get(event.pk)
    # The cards show a member's own registrations: their list is their own.
    context["personal"] = request.user.pk if is_member(request.user) else ""
    context["moment"] = five_minutes()
    context["can_propose_event"] = permissions.can_propose_event(request.user)
    return context


def seats_left(event: EventPage, confirmed_count: int) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_count, 0)


def waitlist_position(registration: Registration) -> int:
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# Seats held for guests who are confirming, in `registration_counts`.
HELD = "held"


def _seats_by_status(event_id: int):
    """Seats taken per status, companions included; and, among the guests confirming their
    address, the seats still held for them (the database's clock: `Now()`)."""
    seats = F("companions") + 1
    return (
        Registration.objects.filter(event_id=event_id)
        .values_list("status")
        .annotate(n=Sum(seats), held=Coalesce(Sum(seats, filter=still_held(Now())), 0))
        .order_by()
    )


SEATS_BY_STATUS = PreparedQuery(_seats_by_status, parameters=("event_id",))


def registration_counts(event: EventPage) -> dict:
    """People registered to the event by status, companions included, and the seats held for
    guests confirming their address (`HELD`). A registration is content (it takes a seat that
    visitors see go): each one moves the content version, so the counts are kept under it
    (a hold that ends meanwhile shows for a few minutes more)."""
    if not event.pk:
        return {}

    def count() -> dict:
        rows = SEATS_BY_STATUS.rows(event_id=event.pk)
        counts = {status: seats for status, seats, _held in rows}
        counts[HELD] = sum(held for _status, _seats, held in rows)
        return counts

    return under_content_version(f"event-registrations:{event.pk}", count, timeout=600)


def registration_questions(event: EventPage) -> list:
    """The event's own questions, for its registration form. They change only when the event
    is published (they are part of the page), which moves the content version."""
    return under_content_version(
        f"event-questions:{event.pk}", lambda: list(event.questions.all()), timeout=600
    )


# At most this many names are listed in « Qui vient ? »; the others are counted.
ATTENDEE_NAMES_SHOWN = 30


def attendee_names(event: EventPage) -> list:
    """The confirmed participants who agreed to be named (their name and avatar only: their
    profile is joined for its photo)."""
    shown = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, name_shown=True, user__isnull=False
    ).order_by("confirmed_at", "pk")
    return [
        registration.user
        for registration in shown.select_related("user__profile").only(
            "event_id",
            "user__id",
            "user__display_name",
            "user__is_active",
            "user__profile__user_id",
            "user__profile__avatar",
            "user__profile__visibility",
        )[:ATTENDEE_NAMES_SHOWN]
    ]


def _photos(event_pk: int):
    return EventPhoto.objects.filter(page_id=event_pk).select_related("image")


def _organisers(event_pk: int):
    return EventOrganiser.objects.filter(page_id=event_pk)


# What an event's page shows, for the most visited events of a worker.
PHOTOS = PreparedQuery(_photos, kept=64)
ORGANISERS = PreparedQuery(_organisers, kept=64)


def event_page_context(*, request, event: EventPage) -> dict:
    user = request.user
    registration = None
    if is_member(user) and event.pk:
        registration = (
            Registration.objects.filter(event=event, user=user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
    counts = registration_counts(event)
    confirmed = counts.get(RegistrationStatus.CONFIRMED, 0)
    left = seats_left(event, confirmed + counts.get(HELD, 0))
    state = registration_window_state(event)
    can_manage = permissions.can_manage_registrations(user, event)
    open_to_more = state == WindowState.OPEN and (left != 0 or event.waitlist_enabled)
    can_register = permissions.can_register(user, event) and registration is None and open_to_more
    can_register_as_guest = permissions.can_register_as_guest(user, event) and open_to_more
    # A preview (or a page not saved yet) shows the draft's own photos, organisers and
    # questions, held by the page in memory, not the published ones read from the database.
    preview = getattr(request, "is_preview", False) or not event.pk
    questions = list(event.questions.all()) if preview else registration_questions(event)
    related_resources = []
    if event.pk:
        related_resources = SimpleLazyObject(
            lambda: (
                resources_visible_to(user)
                .filter(pk__in=event.related_resources.values("pk"))
                .order_by("title")
            )
        )
    return {
        # Lazy, like the related resources: read only when the body is rendered, not when it
        # comes from the cache of fragments. One query whatever the number of photos (their
        # renditions come from the cache).
        "photos": event.photos.select_related("image")
        if preview
        else SimpleLazyObject(lambda: PHOTOS.rows(event_pk=event.pk)),
        # Shown in the body and in the JSON-LD: read once.
        "organisers": SimpleLazyObject(
            lambda: list(event.organisers.all()) if preview else ORGANISERS.rows(event_pk=event.pk)
        ),
        "moment": five_minutes(),
        "registration": registration,
        "position": waitlist_position(registration)
        if registration and registration.is_waitlisted
        else None,
        "confirmed_count": confirmed,
        "waitlisted_count": counts.get(RegistrationStatus.WAITLISTED, 0),
        "seats_left": left,
        "is_full": left == 0,
        "window_state": state,
        "can_register": can_register,
        "registration_form": RegistrationForm(event=event, questions=questions)
        if can_register
        else GuestRegistrationForm(event=event, questions=questions)
        if can_register_as_guest
        else None,
        "can_register_as_guest": can_register_as_guest,
        "can_see_online_link": event.is_online
        and permissions.can_see_online_link(user, event, registration),
        "can_manage": can_manage,
        "related_resources": related_resources,
        # The request's root paths (read with its site): no query of Wagtail's own.
        "share_url": absolute_url(event.get_url(request)) if event.pk else "",
        "is_member": is_member(user),
        # Names only for members, only of those who agreed; read only when there are some.
        "attendee_names": SimpleLazyObject(lambda: attendee_names(event))
        if permissions.can_see_attendee_names(user) and confirmed
        else [],
    }


def _registrations_of(user):
    return (
        Registration.objects.filter(user=user, event__live=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__commune")
    )


def upcoming_registrations_of(user, *, now: datetime | None = None) -> list[Registration]:
    """A member's registrations to events not over yet, next first, with their place on the
    waiting list."""
    now = now or timezone.now()
    upcoming = list(
        _registrations_of(user).filter(event__ends_at__gte=now).order_by("event__starts_at")
    )
    for registration in upcoming:
        if registration.is_waitlisted:
            registration.position = waitlist_position(registration)
    return upcoming


def registrations_of(user):
    """A member's registrations, next events first, then the past ones."""
    now = timezone.now()
    past = _registrations_of(user).filter(event__ends_at__lt=now).order_by("-event__starts_at")
    return {"upcoming": upcoming_registrations_of(user, now=now), "past": list(past[:50])}


def feed_events_of(user, *, now: datetime | None = None):
    """The personal calendar: active registrations of the last 90 days and to come."""
    now = now or timezone.now()
    return (
        Registration.objects.filter(
            user=user, event__live=True, event__ends_at__gte=now - timedelta(days=90)
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event__commune", "event__announced_schedule")
        .prefetch_related("event__themes")
        .order_by("event__starts_at")
    )


def registrants_for_staff(event: EventPage):
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "added_by")
        .order_by("status", "queued_at", "pk")
    )
