"""The agenda's section of the activity report (labo.reports): events held by format and
département, registrations, attendance and the largest events."""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.choices import EventFormat, RegistrationStatus
from events.models import EventPage
from events.selectors import public_events
from labo.reports.counting import by_choice, by_departement, compared
from labo.reports.period import Period
from labo.reports.sections import ReportSection, ReportTable, SectionContent

LARGEST = 5
CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)


def _events(period: Period, *, cancelled: bool = False):
    return EventPage.objects.live().filter(cancelled=cancelled, **period.moments("starts_at"))


def _with_attendance(queryset):
    """Each event's registered people and, where it is known, its attendance: the organisers'
    count when they typed one (it includes people who came without registering, as at a
    launch), else the people marked present on the day, else nothing."""
    return queryset.annotate(
        registered=Sum(F("registrations__companions") + 1, filter=CONFIRMED),
        present=Sum(
            F("registrations__companions") + 1, filter=CONFIRMED & Q(registrations__attended=True)
        ),
        marked=Count("registrations", filter=CONFIRMED & Q(registrations__attended__isnull=False)),
    )


def attendance_of(event) -> int | None:
    if event.participants_count is not None:
        return event.participants_count
    if event.marked:
        return event.present or 0
    return None


def _held(period: Period) -> list:
    return list(
        _with_attendance(_events(period)).values(
            "pk", "participants_count", "registered", "present", "marked"
        )
    )


class _Row(dict):
    __getattr__ = dict.get


def held(period: Period) -> int:
    return _events(period).count()


def cancelled(period: Period) -> int:
    return _events(period, cancelled=True).count()


def registrations(period: Period) -> int:
    return sum(row["registered"] or 0 for row in _held(period))


def participants(period: Period) -> int:
    return sum(attendance_of(_Row(row)) or 0 for row in _held(period))


def with_attendance(period: Period) -> int:
    return sum(attendance_of(_Row(row)) is not None for row in _held(period))


def per_format(period: Period) -> dict[str, int]:
    return dict(_events(period).values_list("event_format").annotate(n=Count("pk")).order_by())


def per_departement(period: Period) -> dict[str, int]:
    return dict(_events(period).values_list("departement").annotate(n=Count("pk")).order_by())


def largest(period: Period) -> list:
    """The public events of the period with the most people present (or registered when
    attendance is unknown)."""
    events = _with_attendance(
        public_events().live().filter(cancelled=False, **period.moments("starts_at"))
    )
    ranked = sorted(
        events,
        key=lambda event: (-(attendance_of(event) or event.registered or 0), event.starts_at),
    )
    return ranked[:LARGEST]


def build(period: Period) -> SectionContent:
    top = largest(period)
    facts = {}
    if top:
        facts = {
            "plus_grand_evenement": top[0].title,
            "plus_grand_evenement_participants": str(
                attendance_of(top[0]) or top[0].registered or 0
            ),
        }
    tables = [
        by_choice(
            period,
            name="evenements-formats",
            title=_("Événements par format"),
            definition=_("Événements tenus pendant la période (non annulés), par format."),
            choices=EventFormat.choices,
            counts=per_format,
            label=_("Événements"),
            row_label=_("Format"),
        ),
        by_departement(
            period,
            name="evenements-departements",
            title=_("Événements par département"),
            definition=_(
                "Événements tenus pendant la période, selon le département du lieu ; ceux en "
                "ligne n'en ont pas."
            ),
            counts=per_departement,
            label=_("Événements"),
            unknown=True,
        ),
    ]
    if top:
        tables.append(
            ReportTable(
                name="evenements-plus-grands",
                title=_("Les événements les plus fréquentés"),
                definition=_(
                    "Événements publics de la période, par nombre de participant·es (présence "
                    "notée, ou compte des organisateurs)."
                ),
                columns=[_("Événement"), _("Participant·es"), _("Inscrit·es")],
                rows=[
                    [
                        f"{event.title} ({event.starts_at:%d/%m/%Y})",
                        attendance_of(event),
                        event.registered or 0,
                    ]
                    for event in top
                ],
            )
        )
    return SectionContent(
        figures=[
            compared(
                period,
                "evenements",
                _("Événements tenus"),
                _("Événements publiés qui ont eu lieu pendant la période, sans les annulés."),
                held,
            ),
            compared(
                period,
                "evenements_annules",
                _("Événements annulés"),
                _("Événements prévus pendant la période puis annulés."),
                cancelled,
            ),
            compared(
                period,
                "inscriptions",
                _("Inscriptions"),
                _(
                    "Personnes inscrites (inscriptions confirmées, accompagnant·es compris) aux "
                    "événements tenus pendant la période."
                ),
                registrations,
            ),
            compared(
                period,
                "participants",
                _("Participant·es"),
                _(
                    "Personnes présentes : notées le jour même, ou comptées par les "
                    "organisateurs pour un événement sans inscription (un lancement)."
                ),
                participants,
            ),
            compared(
                period,
                "evenements_avec_presence",
                _("Événements dont la présence est connue"),
                _("Événements tenus dont la présence a été notée ou comptée."),
                with_attendance,
            ),
        ],
        tables=tables,
        facts=facts,
        narrative=_(
            "En {periode}, le Labo a proposé {evenements} événements, qui ont réuni "
            "{participants} participant·es pour {inscriptions} inscriptions. Le plus "
            "fréquenté, « {plus_grand_evenement} », a rassemblé "
            "{plus_grand_evenement_participants} personnes."
        ),
    )


SECTION = ReportSection(name="evenements", order=30, title=gettext_lazy("Événements"), build=build)
