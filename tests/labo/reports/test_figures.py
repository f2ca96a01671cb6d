"""Each figure of the activity report against data made by hand in 2019, a year the demo
leaves empty, with the edge cases the issue names: an application moved back a stage, a
withdrawn one, a cancelled event, a meeting cancelled, a project whose profile is not public."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from events.choices import EventFormat, RegistrationStatus
from events.models import EventPage, Registration
from forum.models import Reply, Thread
from labo.accounts.models import MemberProfile, PartnerMembership, PartnerOrganisation
from labo.reports.charts import COLUMNS_PLOT, chart_of
from labo.reports.counting import by_month
from labo.reports.period import Period
from labo.reports.sections import COLUMNS, fill
from labo.reports.selectors import report_for
from projects.models import (
    Application,
    ApplicationEvent,
    EventKind,
    Meeting,
    Programme,
    ProjectMilestone,
    ProjectPage,
    Round,
)
from resources.models import ResourceDownloadDay, ResourcePage
from tests.events.factories import make_event
from tests.forum.factories import make_replies, make_thread
from tests.labo.factories import UserFactory
from tests.projects.factories import make_project

PARIS = ZoneInfo("Europe/Paris")
YEAR = Period.year(2019)


def _at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def _figures(period=YEAR) -> dict:
    report = report_for(period, with_charts=False)
    return {
        figure.name: (figure.value, figure.previous)
        for section in report.sections
        for figure in section.content.figures
    }


def _tables(period=YEAR) -> dict:
    report = report_for(period, with_charts=False)
    return {
        shown.table.name: shown.table for section in report.sections for shown in section.tables
    }


def _history(application, steps) -> None:
    """The application's timeline: (stage, moment) in order, written as the services do."""
    stages = {stage.staff_name: stage for stage in application.round.programme.stages.all()}
    previous = None
    for name, moment in steps:
        event = ApplicationEvent.objects.create(
            application=application,
            kind=EventKind.STAGE if previous else EventKind.CREATED,
            from_stage=previous,
            to_stage=stages[name],
        )
        ApplicationEvent.objects.filter(pk=event.pk).update(created_at=moment)
        previous = stages[name]
    Application.objects.filter(pk=application.pk).update(stage=previous, created_at=steps[0][1])


def _application(title, round_, *, live=True, **amounts) -> Application:
    project = make_project(title, live=live)
    stages = round_.programme.stages.all()
    return Application.objects.create(project=project, round=round_, stage=stages[0], **amounts)


def _meeting(round_, kind, moment, applications, *, cancelled=False) -> Meeting:
    meeting = Meeting.objects.create(
        round=round_, kind=kind, starts_at=moment, ends_at=moment.replace(hour=moment.hour + 1)
    )
    meeting.applications.set(applications)
    if cancelled:
        Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=moment)
    return meeting


@pytest.fixture
def viure_2019(demo):
    viure = Programme.objects.get(slug="aap-viure")
    round_ = Round.objects.create(programme=viure, edition="2019")
    moved_back = _application(
        "Le Hameau Revenu", round_,
        amount_requested=Decimal("50000"), amount_granted=Decimal("30000"),
    )  # fmt: skip
    _history(moved_back, [
        ("Entretien préalable", _at(2019, 2, 1)),
        ("Candidature reçue", _at(2019, 3, 1)),
        ("Pré-audition", _at(2019, 4, 1)),
        ("Candidature reçue", _at(2019, 5, 1)),  # moved back a stage…
        ("Pré-audition", _at(2019, 6, 1)),  # …and forward again: still one application
        ("Retenu", _at(2019, 10, 1)),
    ])  # fmt: skip
    withdrawn = _application("La Coop Partie", round_, amount_requested=Decimal("20000"))
    _history(withdrawn, [("Entretien préalable", _at(2019, 3, 5)), ("Abandon", _at(2019, 4, 20))])
    started_before = _application("Les Voisins de 2018", round_, amount_requested=Decimal("10000"))
    _history(started_before, [
        ("Entretien préalable", _at(2018, 12, 3)),
        ("Candidature reçue", _at(2019, 1, 15)),
    ])  # fmt: skip
    hidden = _application("Projet Discret", round_, live=False)
    _history(hidden, [("Entretien préalable", _at(2019, 2, 2)), ("Retenu", _at(2019, 11, 5))])
    _meeting(round_, "entretien", _at(2019, 2, 1), [moved_back])
    _meeting(round_, "entretien", _at(2019, 3, 5), [withdrawn])
    _meeting(round_, "entretien", _at(2019, 2, 2), [hidden])
    _meeting(round_, "entretien", _at(2019, 3, 9), [withdrawn], cancelled=True)
    _meeting(round_, "entretien", _at(2018, 12, 3), [started_before])
    _meeting(round_, "agora", _at(2019, 5, 15, 14), [moved_back, started_before])
    return {"moved_back": moved_back, "withdrawn": withdrawn, "hidden": hidden}


def test_calls_count_each_application_once_per_stage_and_each_meeting_once(viure_2019):
    figures = _figures()
    assert figures["aap_viure_candidatures"] == (4, 1)
    assert figures["aap_viure_entretiens_prealables"] == (3, 1)  # the cancelled one is not
    assert figures["aap_viure_agoras"] == (1, 0)  # two applications, one agora
    assert figures["aap_viure_issues_favorables"] == (2, 0)  # not the withdrawn one
    assert figures["aap_viure_montant_demande"] == (Decimal("70000"), Decimal("10000"))
    assert figures["aap_viure_montant_accorde"][0] == Decimal("30000")
    funnel = {row[0]: row[1:3] for row in _tables()["aap-viure-etapes"].rows}
    assert funnel["Entretien préalable"] == [3, 1]
    assert funnel["Candidature reçue"] == [2, 0]  # moved back and forward: counted once
    assert funnel["Pré-audition"] == [1, 0]
    assert funnel["Abandon"] == [1, 0]
    assert funnel["Retenu"] == [2, 0]
    # Stays ended in 2019 only: at « Candidature reçue », 31 days in March and 31 in May (the
    # 2018 application is still there); at « Entretien préalable », 28, 43 (from December),
    # 46 (to « Abandon », an hour short across the clock change) and 276 days.
    medians = {row[0]: row[3] for row in _tables()["aap-viure-etapes"].rows}
    assert medians["Candidature reçue"] == 31.0
    assert medians["Entretien préalable"] == 44.5


def test_only_public_projects_are_named_among_those_retained(viure_2019):
    retained = [row[0] for row in _tables()["aap-viure-retenus"].rows]
    assert "Le Hameau Revenu" in retained
    assert "Projet Discret" not in retained
    assert "un projet dont la fiche n'est pas publique" in retained
    assert "La Coop Partie" not in retained


def test_projects_members_resources_forum_and_events(demo):
    project = make_project("Les Tilleuls de 2019", commune="34172", seeking=True,
                           households_now=4, dwellings=7)  # fmt: skip
    ProjectPage.objects.filter(pk=project.pk).update(first_published_at=_at(2019, 6, 1))
    earlier = make_project("Le Clos de 2018", commune="34172")
    ProjectPage.objects.filter(pk=earlier.pk).update(first_published_at=_at(2018, 6, 1))
    ProjectMilestone.objects.create(page=project, stage="terrain", date=date(2019, 7, 1))
    ProjectMilestone.objects.create(page=project, stage="groupe", date=date(2018, 1, 1))

    newcomer = UserFactory()
    type(newcomer).objects.filter(pk=newcomer.pk).update(date_joined=_at(2019, 4, 1))
    MemberProfile.objects.update_or_create(user=newcomer, defaults={"departement": "34"})
    organisation = PartnerOrganisation.objects.create(name="Département de l'Hérault", slug="cd34")
    membership = PartnerMembership.objects.create(organisation=organisation, user=newcomer)
    PartnerMembership.objects.filter(pk=membership.pk).update(created_at=_at(2019, 5, 1))

    resource = ResourcePage.objects.live().order_by("pk").first()
    ResourcePage.objects.filter(pk=resource.pk).update(first_published_at=_at(2019, 2, 1))
    ResourceDownloadDay.objects.create(resource=resource, day=date(2019, 3, 1), count=5)
    ResourceDownloadDay.objects.create(resource=resource, day=date(2019, 9, 1), count=2)
    ResourceDownloadDay.objects.create(resource=resource, day=date(2018, 9, 1), count=4)

    users = list(
        type(newcomer).objects.filter(email__in=["membre@labo.test", "porteur.a@labo.test"])
    )
    thread = make_thread(users[0], title="Une question de 2019")
    replies = make_replies(thread, users[1:], 2)
    Thread.objects.filter(pk=thread.pk).update(created_at=_at(2019, 3, 1), solution=replies[0])
    Reply.objects.filter(pk__in=[r.pk for r in replies]).update(submit_date=_at(2019, 3, 2))

    with_count = make_event("Lancement 2019", commune="31555")
    marked = make_event("Atelier 2019", event_format=EventFormat.ONLINE, commune=None)
    cancelled = make_event("Visite annulée 2019")
    unknown = make_event("Soirée sans pointage 2019", commune="34172")
    for event, day in ((with_count, 10), (marked, 11), (cancelled, 12), (unknown, 13)):
        EventPage.objects.filter(pk=event.pk).update(
            starts_at=_at(2019, 9, day, 14), ends_at=_at(2019, 9, day, 17)
        )
    EventPage.objects.filter(pk=with_count.pk).update(participants_count=120)
    EventPage.objects.filter(pk=cancelled.pk).update(cancelled=True)
    for event, attended, companions in ((with_count, None, 0), (marked, True, 1),
                                        (marked, False, 0), (unknown, None, 0),
                                        (cancelled, None, 0)):  # fmt: skip
        Registration.objects.create(
            event=event, user=UserFactory(), status=RegistrationStatus.CONFIRMED,
            attended=attended, companions=companions,
        )  # fmt: skip
    Registration.objects.create(
        event=marked, user=UserFactory(), status=RegistrationStatus.CANCELLED
    )

    figures = _figures()
    assert figures["fiches_publiees"] == (1, 1)
    assert figures["projets"] == (2, 1)
    assert figures["projets_cherchant_foyers"] == (1, 0)
    assert figures["etapes_franchies"] == (1, 1)
    assert figures["nouveaux_membres"] == (1, 0)
    assert figures["organisations_partenaires"] == (1, 0)
    assert figures["ressources_publiees"] == (1, 0)
    assert figures["telechargements"] == (7, 4)
    assert figures["sujets"] == (1, 0)
    assert figures["reponses"] == (2, 0)
    assert figures["membres_actifs_forum"] == (2, 0)
    assert figures["questions_resolues"] == (1, 0)
    assert figures["evenements"] == (3, 0)  # the cancelled one apart
    assert figures["evenements_annules"] == (1, 0)
    assert figures["inscriptions"] == (5, 0)  # 1 + (2 + 1) + 1: the cancelled ones are not
    # The organisers' 120, then the 2 of 3 present (with a companion); nothing for the event
    # whose attendance nobody marked.
    assert figures["participants"] == (122, 0)
    assert figures["evenements_avec_presence"] == (2, 0)

    tables = _tables()
    by_departement = {row[0]: row[1] for row in tables["projets-departements"].rows}
    assert by_departement["Hérault"] == 2
    formats = {row[0]: row[1] for row in tables["evenements-formats"].rows}
    assert formats["En ligne"] == 1 and formats["En présentiel"] == 2
    largest = tables["evenements-plus-grands"].rows
    assert largest[0][0].startswith("Lancement 2019") and largest[0][1] == 120
    assert "Visite annulée 2019" not in str(largest)
    assert tables["ressources-plus-telechargees"].rows == [[resource.title, 7]]
    months = {row[0]: row[1:] for row in tables["membres-mois"].rows}
    assert len(months) == 12 and months["Avril 2019"] == [1, 0]
    assert sum(row[1] for row in tables["membres-mois"].rows) == 1
    assert {row[0]: row[1] for row in tables["forum-mois"].rows}["Mars 2019"] == 2

    columns = chart_of(tables["membres-mois"])
    assert columns["kind"] == COLUMNS
    assert [label["text"] for label in columns["labels"]][:3] == ["jan.", "2019", "fév."]
    april = [bar for bar in columns["bars"] if bar["height"]]
    assert [(bar["series"], bar["value"], bar["labelled"]) for bar in april] == [(0, 1, True)]
    assert april[0]["height"] == COLUMNS_PLOT  # the largest month fills the plot


def test_months_of_a_long_period_are_labelled_one_in_three_and_each_year_once():
    table = by_month(
        Period(date(2023, 1, 1), date(2025, 12, 31)),
        name="membres-mois",
        title="Nouveaux membres par mois",
        definition="",
        queryset=MemberProfile.objects.none(),
        field="user__date_joined",
    )
    columns = chart_of(table)
    labels = [label["text"] for label in columns["labels"]]
    assert len(columns["bars"]) == 72 and not any(bar["labelled"] for bar in columns["bars"])
    assert labels == ["jan.", "2023", "avr.", "juil.", "oct.",
                      "jan.", "2024", "avr.", "juil.", "oct.",
                      "jan.", "2025", "avr.", "juil.", "oct."]  # fmt: skip


def test_a_chosen_period_is_compared_with_the_same_number_of_days_before():
    period = Period(date(2025, 3, 1), date(2025, 3, 31))
    assert period.previous() == Period(date(2025, 1, 29), date(2025, 2, 28))
    assert Period.year(2025).previous() == Period.year(2024)
    assert Period(date(2024, 1, 1), date(2024, 12, 31)).is_year


def test_a_template_fills_known_names_and_leaves_the_others_visible():
    text, unknown = fill(
        "En {periode}, {n} entretiens ; {inconnu} et {n}. {0.__class__}",
        {"periode": "2025", "n": "18"},
    )
    assert text == "En 2025, 18 entretiens ; {inconnu} et 18. {0.__class__}"
    assert unknown == ["inconnu"]
