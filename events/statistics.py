"""The agenda's figures for the statistics page (labo.core.statistics), and the figure of an
event's participants for the home page's key figures."""

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.choices import RegistrationStatus
from events.models import EventPage, Registration
from labo.core.statistics import FigureSource, Statistic, Table

SHOWN = 15


def registrations_and_attendance() -> Table:
    """The last past events: people registered (companions included) and people present."""
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    events = (
        EventPage.objects.live()
        .filter(ends_at__lt=timezone.now())
        .annotate(
            registered=Sum(F("registrations__companions") + 1, filter=confirmed),
            present=Sum(
                F("registrations__companions") + 1,
                filter=confirmed & Q(registrations__attended=True),
            ),
        )
        .order_by("-starts_at")[:SHOWN]
    )
    return Table(
        columns=[_("Événement"), _("Inscrit·es"), _("Présent·es")],
        rows=[
            [
                f"{event.title} ({event.starts_at:%d/%m/%Y})",
                event.registered or 0,
                event.present or 0,
            ]  # fmt: skip
            for event in events
        ],
    )


def _event_choices() -> list[tuple[str, str]]:
    events = EventPage.objects.live().filter(ends_at__lt=timezone.now()).order_by("-starts_at")
    return [
        (f"evenement:{event.pk}", _("Présent·es à « %(title)s »") % {"title": event.title})
        for event in events[:40]
    ]


def event_participants(key: str) -> int | None:
    """The organisers' count when they typed one (as the activity report counts), else the
    people present (companions included) when attendance was marked, else the people
    registered; None for an event without any (the typed figure shows)."""
    event_id = key.removeprefix("evenement:")
    if not event_id.isdecimal():
        return None
    counted = (
        EventPage.objects.filter(pk=int(event_id))
        .values_list("participants_count", flat=True)
        .first()
    )
    if counted is not None:
        return counted
    confirmed = Registration.objects.filter(
        event_id=int(event_id), status=RegistrationStatus.CONFIRMED
    )
    totals = confirmed.aggregate(
        registered=Sum(F("companions") + 1),
        present=Sum(F("companions") + 1, filter=Q(attended=True)),
        marked=Count("pk", filter=Q(attended__isnull=False)),
    )
    if not totals["registered"]:
        return None
    return (totals["present"] or 0) if totals["marked"] else totals["registered"]


STATISTICS = [
    Statistic(
        "evenements",
        50,
        gettext_lazy("Inscriptions et présence aux événements"),
        gettext_lazy(
            "Les quinze derniers événements passés : personnes inscrites (accompagnant·es "
            "compris) et personnes présentes, notées le jour même."
        ),
        registrations_and_attendance,
    ),
]

FIGURE_SOURCES = [
    FigureSource("evenement", 10, choices=_event_choices, compute=event_participants),
]
