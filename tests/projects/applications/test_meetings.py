"""Meetings (issue 24, point 3): entretiens préalables, pré-auditions and agoras are meetings
with a time in Europe/Paris, a place or a link and participants; each participant is e-mailed
an invitation whose .ics a real iCalendar parser reads, updates keep the UID with a higher
SEQUENCE, a cancellation cancels; reminders the day before; minutes afterwards, shared with the
team or not; the dashboard counts the report's meetings from them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from labo.accounts.models import PartnerOrganisation
from labo.roles import STAFF_GROUP
from projects.applications import selectors
from projects.applications.meeting_services import meeting_reminders_send, meeting_schedule
from projects.models import Application, ApplicationEvent, EventKind, Meeting, Round
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
SLUG = "les-toits-partages-du-lauragais"


def _viure_a():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def _calendar(message) -> icalendar.Calendar:
    (name, content, mimetype), *_rest = message.attachments
    assert name == "rendez-vous.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def _vevent(calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def _by_recipient(messages) -> dict:
    return {message.to[0]: message for message in messages}


def _partner(application, demo) -> list[int]:
    """The Région's person, when the application is shared with the Région."""
    return [demo["partenaire@labo.test"].pk] if application.shared_with.exists() else []


def _form(application, demo, on, **overrides) -> dict:
    team = [m.user_id for m in application.project.memberships.all()]
    return {
        "kind": "pre-audition",
        "day": on.isoformat(),
        "starts": "14:00",
        "ends": "15:30",
        "place": "La Cité, 55 avenue Louis Breguet, Toulouse",
        "video_url": "",
        "participants": [*team, demo["equipe@labo.test"].pk, *_partner(application, demo)],
        **overrides,
    }


def test_the_demo_meetings_give_the_report_figures_on_the_dashboard(demo, client):
    viure = Round.objects.get(programme__slug="aap-viure", edition="2025")
    counted = {row["kind"]: row for row in selectors.appointments_counted(viure)}
    assert (counted["entretien"]["count"], counted["pre-audition"]["count"]) == (18, 11)
    assert counted["agora"]["count"] == 3
    # Porteur.a's pre-audition is to come: not counted among those held.
    assert counted["pre-audition"]["upcoming"] == 1
    # An agora brings several applications together and counts once.
    agoras = Meeting.objects.filter(kind="agora")
    assert sorted(agora.applications.count() for agora in agoras) == [3, 4, 4]
    assert all(agora.public_event is not None for agora in agoras)
    guarantee = Round.objects.get(programme__slug="garantie-emprunt", edition="2025")
    assert selectors.appointments_counted(guarantee)[0]["count"] == 5

    client.force_login(demo["equipe@labo.test"])
    page = client.get("/candidatures/tableau-de-bord/").content.decode()
    for figure in ("18 entretiens préalables", "11 pré-auditions", "3 agoras avec les services"):
        assert figure in page


def test_the_interview_comes_before_the_application(demo):
    stages = list(_viure_a().round.programme.stages.order_by("sort_order"))
    assert [stages[0].staff_name, stages[1].staff_name] == [
        "Entretien préalable",
        "Candidature reçue",
    ]
    assert stages[0].is_initial and not stages[1].is_initial
    interview = _viure_a().meetings.get(kind="entretien")
    received = ApplicationEvent.objects.get(
        application=_viure_a(), to_stage__staff_name="Candidature reçue"
    )
    assert interview.starts_at < received.created_at


def test_staff_fix_a_meeting_and_every_participant_gets_an_invitation_of_their_own(
    demo, client, django_capture_on_commit_callbacks
):
    application = _viure_a()
    day = timezone.localdate() + timedelta(days=20)
    client.force_login(demo["equipe@labo.test"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/candidatures/{application.pk}/rendez-vous/", _form(application, demo, day)
        )
    meeting = Meeting.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/"
    assert meeting.starts_at == datetime.combine(day, datetime.min.time().replace(hour=14), PARIS)

    sent = _by_recipient(mail.outbox)
    invited = {user.email for user in meeting.participants.all()}
    assert set(sent) == invited and "porteur.a@labo.test" in invited
    invitation = sent["porteur.a@labo.test"]
    assert invitation.subject.endswith(
        "Invitation : Pré-audition — Les Toits Partagés du Lauragais"
    )
    calendar = _calendar(invitation)
    vevent = _vevent(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert str(vevent["UID"]).startswith(f"rendez-vous-{meeting.pk}@")
    assert vevent["SEQUENCE"] == 0 and vevent["STATUS"] == "CONFIRMED"
    starts = vevent.decoded("DTSTART")
    assert (starts.hour, starts.minute, str(starts.tzinfo)) == (14, 0, "Europe/Paris")
    assert "La Cité" in str(vevent["LOCATION"])
    # Each invitation names its recipient only: nobody reads the others' addresses.
    attendees = vevent.get("ATTENDEE")
    assert str(attendees) == "mailto:porteur.a@labo.test"
    assert "equipe@labo.test" not in str(invitation.attachments[0][1])

    # The timeline, the next appointment and the application's page show it.
    assert application.events.filter(kind=EventKind.APPOINTMENT).latest("pk").appointment_kind == (
        "pre-audition"
    )
    application.refresh_from_db()
    # The demo's own pre-audition in 12 days comes first.
    assert application.next_appointment_at < meeting.starts_at
    client.force_login(demo["porteur.a@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/" in page


def test_an_update_keeps_the_uid_with_a_higher_sequence_and_a_cancellation_cancels(
    demo, client, django_capture_on_commit_callbacks
):
    application = _viure_a()
    staff, partner = demo["equipe@labo.test"], demo["partenaire@labo.test"]
    application.shared_with.add(PartnerOrganisation.objects.get(slug="region-occitanie-habitat"))
    day = timezone.localdate() + timedelta(days=20)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/candidatures/{application.pk}/rendez-vous/", _form(application, demo, day))
    meeting = Meeting.objects.latest("pk")
    uid = str(_vevent(_calendar(mail.outbox[0]))["UID"])

    # Moved by an hour, and the partner no longer invited.
    mail.outbox.clear()
    data = _form(application, demo, day, starts="15:00", ends="16:30")
    data["participants"] = [p for p in data["participants"] if p != partner.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/", data)
    assert response.status_code == 302
    sent = _by_recipient(mail.outbox)
    update = _vevent(_calendar(sent["porteur.a@labo.test"]))
    assert str(update["UID"]) == uid and update["SEQUENCE"] == 1
    assert update.decoded("DTSTART").hour == 15
    assert "modifié" in sent["porteur.a@labo.test"].subject
    removed = _calendar(sent["partenaire@labo.test"])
    assert removed["METHOD"] == "CANCEL" and str(_vevent(removed)["UID"]) == uid

    # Cancelled: everyone invited gets the cancellation, one SEQUENCE higher.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/annuler/",
            {"note": "La salle n'est plus disponible ; une autre date suit."},
        )
    cancelled = _calendar(_by_recipient(mail.outbox)["porteur.a@labo.test"])
    vevent = _vevent(cancelled)
    assert cancelled["METHOD"] == "CANCEL" and vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == uid and vevent["SEQUENCE"] == 2
    assert "partenaire@labo.test" not in _by_recipient(mail.outbox)
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    # A cancelled meeting is never counted as held.
    viure = application.round
    before = {r["kind"]: r["upcoming"] for r in selectors.appointments_counted(viure)}
    assert before["pre-audition"] == 1


def test_reminders_go_the_day_before_once_and_never_for_a_cancelled_meeting(
    demo, django_capture_on_commit_callbacks
):
    application = _viure_a()
    staff = demo["equipe@labo.test"]
    tomorrow = timezone.localtime() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        kept = meeting_schedule(
            application=application,
            by=staff,
            kind="entretien",
            starts_at=tomorrow.replace(hour=10, minute=0),
            ends_at=tomorrow.replace(hour=11, minute=0),
            place="Locaux de la CRESS",
            participants=[demo["porteur.a@labo.test"], staff],
        )
        dropped = meeting_schedule(
            application=application,
            by=staff,
            kind="rendez-vous",
            starts_at=tomorrow.replace(hour=16, minute=0),
            ends_at=tomorrow.replace(hour=17, minute=0),
            video_url="https://visio.example.org/labo",
            participants=[demo["porteur.a@labo.test"]],
        )
    Meeting.objects.filter(pk=dropped.pk).update(cancelled_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["equipe@labo.test", "porteur.a@labo.test"]
    assert all("C'est demain" in m.subject for m in mail.outbox)
    assert _vevent(_calendar(mail.outbox[0]))["UID"].startswith(f"rendez-vous-{kept.pk}@")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_reminders_send() == 0
    assert mail.outbox == []


def test_minutes_are_written_after_the_meeting_and_shared_with_the_team_only_when_chosen(
    demo, client
):
    application = _viure_a()
    interview = application.meetings.get(kind="entretien")
    to_come = application.meetings.get(kind="pre-audition")
    url = f"/candidatures/{application.pk}/rendez-vous/"
    client.force_login(demo["equipe@labo.test"])
    # Before it happens: refused with a reason, nothing typed lost, no server error.
    response = client.post(
        f"{url}{to_come.pk}/compte-rendu/", {"minutes": "Ce qui s'est dit", "shared_with_team": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "une fois le rendez-vous commencé" in page and "Ce qui s&#x27;est dit" in page
    response = client.post(
        f"{url}{interview.pk}/compte-rendu/",
        {"minutes": "Confidentiel : montage à revoir.", "shared_with_team": ""},
    )
    assert response.status_code == 302

    client.force_login(demo["porteur.a@labo.test"])
    assert "Confidentiel" not in client.get(f"{url}{interview.pk}/").content.decode()
    client.force_login(demo["equipe@labo.test"])
    client.post(
        f"{url}{interview.pk}/compte-rendu/",
        {"minutes": "Partagé : montage à revoir.", "shared_with_team": "on"},
    )
    client.force_login(demo["porteur.a@labo.test"])
    assert "Partagé : montage à revoir." in client.get(f"{url}{interview.pk}/").content.decode()
    # A carrier changes nothing.
    assert client.post(f"{url}{interview.pk}/compte-rendu/", {"minutes": "x"}).status_code == 403
    assert client.post(f"{url}{interview.pk}/annuler/").status_code == 403


def test_an_agora_never_shows_a_carrier_the_other_projects(demo, client):
    agora = Meeting.objects.filter(kind="agora").order_by("starts_at").first()
    mine, other = list(agora.applications.select_related("project").order_by("pk"))[:2]
    carrier = mine.project.memberships.first().user
    other_team = {m.user for m in other.project.memberships.all()} - {carrier}
    client.force_login(carrier)
    page = client.get(f"/candidatures/{mine.pk}/rendez-vous/{agora.pk}/").content.decode()
    assert other.project.title not in page
    assert all(person.display_name not in page for person in other_team)
    assert "d&#x27;autres projets" in page or "d'autres projets" in page
    assert agora.public_event.title.replace("'", "&#x27;") in page
    ics = client.get(f"/candidatures/{mine.pk}/rendez-vous/{agora.pk}/invitation.ics")
    assert ics.status_code == 200
    vevent = _vevent(icalendar.Calendar.from_ical(ics.content))
    assert other.project.title not in ics.content.decode()
    assert "Agora avec les services de la Région" in str(vevent["SUMMARY"])
    # Through another project's application, the same meeting is not theirs to open.
    assert client.get(f"/candidatures/{other.pk}/rendez-vous/{agora.pk}/").status_code == 404
    # Staff read every application it brings together.
    client.force_login(demo["equipe@labo.test"])
    page = client.get(f"/candidatures/{mine.pk}/rendez-vous/{agora.pk}/").content.decode()
    assert other.project.title.replace("'", "&#x27;") in page


def test_bad_input_is_explained_and_keeps_what_was_typed(demo, client):
    application = _viure_a()
    client.force_login(demo["equipe@labo.test"])
    day = timezone.localdate() + timedelta(days=3)
    count = Meeting.objects.count()
    response = client.post(
        f"/candidatures/{application.pk}/rendez-vous/",
        _form(application, demo, day, starts="16:00", ends="15:00", place="Salle du conseil"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La fin du rendez-vous doit suivre son début." in page and "Salle du conseil" in page
    response = client.post(
        f"/candidatures/{application.pk}/rendez-vous/",
        _form(application, demo, day, place="", video_url=""),
    )
    assert "Indiquez un lieu ou un lien de visioconférence." in response.content.decode()
    response = client.post(
        f"/candidatures/{application.pk}/rendez-vous/",
        _form(application, demo, day, day="31/02/2026", participants=["99999999999999999999"]),
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == count


def test_an_agora_joins_applications_of_the_same_session_only(demo):
    application = _viure_a()
    guarantee = Application.objects.filter(round__programme__slug="garantie-emprunt").first()
    start = timezone.now() + timedelta(days=30)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        meeting_schedule(
            application=application,
            by=demo["equipe@labo.test"],
            kind="agora",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Hôtel de Région",
            other_applications=[guarantee],
        )


def test_a_new_place_alone_is_an_update_and_a_newcomer_alone_gets_only_their_invitation(
    demo, client, django_capture_on_commit_callbacks
):
    application = _viure_a()
    meeting = application.meetings.get(kind="pre-audition")  # porteur.a's, in 12 days
    day = timezone.localtime(meeting.starts_at).date()
    client.force_login(demo["equipe@labo.test"])
    data = _form(application, demo, day, starts="14:00", ends="15:00")
    data["participants"] = [p.pk for p in meeting.participants.all()]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/",
            {**data, "place": "Maison de l'économie sociale, Toulouse"},
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.place.startswith("Maison")
    assert {m.to[0] for m in mail.outbox} == {p.email for p in meeting.participants.all()}
    assert all(_vevent(_calendar(m))["SEQUENCE"] == 1 for m in mail.outbox)

    newcomer = demo["jury@labo.test"]  # staff may invite any of the choices only
    assert (
        client.post(
            f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/",
            {**data, "place": meeting.place, "participants": [*data["participants"], newcomer.pk]},
        ).status_code
        == 200
    )  # not among the people who may be invited: refused, explained
    other_staff = UserFactory(email="collegue@labo.test")
    other_staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/",
            {
                **data,
                "place": meeting.place,
                "participants": [*data["participants"], other_staff.pk],
            },
        )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert [m.to[0] for m in mail.outbox] == [other_staff.email]
    assert "Invitation" in mail.outbox[0].subject


def test_a_meeting_that_has_begun_leaves_the_meetings_to_come_even_on_a_kept_page(demo, client):
    application = _viure_a()
    pre_audition = application.meetings.get(kind="pre-audition")
    client.force_login(demo["porteur.a@labo.test"])
    url = f"/candidatures/{application.pk}/"

    def to_come():
        page = client.get(url).content.decode()
        return page.split('id="rendez-vous"')[1].split("</section>")[0].split("à venir")[:-1]

    assert len(to_come()) == 1  # the page is now kept
    # Time passes (a write without signals, as the clock does): nothing else moves.
    started = timezone.now() - timedelta(minutes=5)
    Meeting.objects.filter(pk=pre_audition.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )
    Application.objects.filter(pk=application.pk).update(next_appointment_at=started)
    assert to_come() == []
    application.refresh_from_db()
    assert application.next_appointment_at is None


def test_a_passed_next_meeting_leaves_the_lists(demo, client):
    application = _viure_a()
    started = timezone.now() - timedelta(minutes=5)
    Application.objects.filter(pk=application.pk).update(next_appointment_at=started)
    client.force_login(demo["porteur.a@labo.test"])
    shown = date_format(timezone.localtime(started), "j F Y H:i")
    assert shown not in client.get("/candidatures/").content.decode()
    assert "prochain rendez-vous" not in client.get("/espace/").content.decode()
    Application.objects.filter(pk=application.pk).update(
        next_appointment_at=started + timedelta(days=3)
    )
    page = client.get("/espace/").content.decode()
    assert "prochain rendez-vous" in page


def test_a_partner_reads_an_agora_s_minutes_only_when_every_application_is_shared(demo, client):
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    agora = next(
        meeting
        for meeting in Meeting.objects.filter(kind="agora")
        if meeting.applications.filter(shared_with=region).exists()
        and meeting.applications.exclude(shared_with=region).exists()
    )
    shared = agora.applications.filter(shared_with=region).first()
    url = f"/candidatures/{shared.pk}/rendez-vous/{agora.pk}/"
    client.force_login(demo["partenaire@labo.test"])
    page = client.get(url).content.decode()
    assert "Compte rendu" not in page and "quinze minutes" not in page
    for application in agora.applications.all():
        application.shared_with.add(region)
    assert "quinze minutes" in client.get(url).content.decode()


def test_each_person_invited_to_an_agora_is_told_with_a_link_they_may_open(demo):
    from labo.notifications.models import Notification

    application = _viure_a()
    other = Application.objects.filter(round=application.round).exclude(pk=application.pk).first()
    staff = demo["equipe@labo.test"]
    start = timezone.now() + timedelta(days=40)
    meeting = meeting_schedule(
        application=application,
        by=staff,
        kind="agora",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Hôtel de Région",
        participants=[demo["porteur.a@labo.test"], staff],
        other_applications=[other],
    )
    told = dict(
        Notification.objects.filter(kind="applications.appointment").values_list(
            "recipient__email", "url"
        )
    )
    assert (
        told["porteur.a@labo.test"] == f"/candidatures/{application.pk}/rendez-vous/{meeting.pk}/"
    )
    other_carrier = other.project.memberships.first().user
    assert told[other_carrier.email] == f"/candidatures/{other.pk}/rendez-vous/{meeting.pk}/"
    assert "equipe@labo.test" not in told  # the one who fixed it
