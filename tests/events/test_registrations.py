"""Registrations: seats, waiting list, cancellation and promotion, the online link, and the
team's registrant list (with who must not reach it)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.choices import EventFormat, QuestionKind, RegistrationStatus
from events.models import Registration
from tests.events.factories import make_event
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

VISIO = "https://visio.exemple.fr/salle-secrete-42"


def _members(n):
    return [UserFactory() for _ in range(n)]


def test_members_are_confirmed_while_seats_remain_then_waitlisted_in_order(demo):
    event = make_event("Atelier foncier", capacity=2)
    first, second, third, fourth = _members(4)
    assert services.registration_create(event=event, user=first).is_confirmed
    assert services.registration_create(event=event, user=second).is_confirmed
    waiting = [services.registration_create(event=event, user=u) for u in (third, fourth)]
    assert [r.status for r in waiting] == [RegistrationStatus.WAITLISTED] * 2

    from events.selectors import waitlist_position

    assert [waitlist_position(r) for r in waiting] == [1, 2]


def test_a_full_event_without_waiting_list_refuses_with_a_clear_reason(demo):
    event = make_event("Visite complète", capacity=1, waitlist=False)
    first, second = _members(2)
    services.registration_create(event=event, user=first)
    with pytest.raises(services.RegistrationRefused, match="complet"):
        services.registration_create(event=event, user=second)
    assert Registration.objects.filter(event=event).count() == 1


def test_nobody_registers_twice(demo):
    event = make_event("Webinaire unique")
    member = UserFactory()
    services.registration_create(event=event, user=member)
    with pytest.raises(services.RegistrationRefused, match="déjà inscrit"):
        services.registration_create(event=event, user=member)
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_cancelling_frees_the_seat_for_the_first_waitlisted_who_is_told_by_email(
    demo, django_capture_on_commit_callbacks
):
    event = make_event("Café des porteurs", capacity=1)
    holder, first_waiting, second_waiting = _members(3)
    holder_registration = services.registration_create(event=event, user=holder)
    services.registration_create(event=event, user=first_waiting)
    services.registration_create(event=event, user=second_waiting)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder_registration, by=holder)

    assert [r.user for r in promoted] == [first_waiting]
    statuses = dict(Registration.objects.filter(event=event).values_list("user", "status"))
    assert statuses == {
        holder.pk: RegistrationStatus.CANCELLED,
        first_waiting.pk: RegistrationStatus.CONFIRMED,
        second_waiting.pk: RegistrationStatus.WAITLISTED,
    }
    assert [m.to for m in mail.outbox] == [[first_waiting.email]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "evenement.ics"


def test_a_person_who_cancelled_can_register_again_at_the_end_of_the_queue(demo):
    event = make_event("Rencontre", capacity=1)
    holder, member, other = _members(3)
    services.registration_create(event=event, user=holder)
    mine = services.registration_create(event=event, user=member)
    services.registration_create(event=event, user=other)
    services.registration_cancel(registration=mine, by=member)
    again = services.registration_create(event=event, user=member)

    from events.selectors import waitlist_position

    assert again.pk == mine.pk and again.is_waitlisted
    assert waitlist_position(again) == 2


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"cancelled": True}, "annulé"),
        ({"registration_enabled": False}, "ne prend pas d'inscription"),
        ({"starts_in": timedelta(hours=-1)}, "a commencé"),
    ],
)
def test_registration_is_refused_outside_its_window(demo, fields, reason):
    event = make_event("Fenêtre", **fields)
    with pytest.raises(services.RegistrationRefused, match=reason):
        services.registration_create(event=event, user=UserFactory())


def test_registration_opens_and_closes_on_the_dates_set(demo):
    now = timezone.now()
    event = make_event(
        "Inscriptions datées",
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=2),
    )
    with pytest.raises(services.RegistrationRefused, match="ouvriront le"):
        services.registration_create(event=event, user=UserFactory())
    assert services.registration_create(
        event=event, user=UserFactory(), now=now + timedelta(days=1, hours=1)
    ).is_confirmed
    with pytest.raises(services.RegistrationRefused, match="closes"):
        services.registration_create(event=event, user=UserFactory(), now=now + timedelta(days=3))


# Through the site -------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_the_login_page_where_the_event_wants_an_account(demo, client):
    event = make_event("Pour les membres", guests_allowed=False)
    response = client.post(
        f"/agenda/{event.slug}/inscription/",
        {"guest_name": "Robin", "guest_email": "robin@exemple.fr"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    assert not Registration.objects.filter(event=event).exists()


def test_a_member_registers_from_the_event_page_with_answers(demo, client):
    event = make_event(
        "Webinaire garantie",
        questions=[
            ("Votre projet", QuestionKind.SHORT_TEXT, False),
            ("Première rencontre", QuestionKind.CHECKBOX, False),
        ],
    )
    questions = list(event.questions.all())
    member = demo["membre@labo.test"]
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert "Je m&#x27;inscris" in page or "Je m'inscris" in page
    response = client.post(
        f"/agenda/{event.slug}/inscription/",
        {f"question_{questions[0].pk}": "Les Toits partagés", f"question_{questions[1].pk}": "on"},
        follow=True,
    )
    assert "votre place est réservée" in response.content.decode()
    registration = Registration.objects.get(event=event, user=member)
    assert registration.answers == [
        {"label": "Votre projet", "value": "Les Toits partagés"},
        {"label": "Première rencontre", "value": True},
    ]


def test_a_required_answer_missing_keeps_what_was_typed(demo, client):
    event = make_event(
        "Atelier avec questions",
        questions=[
            ("Votre projet", QuestionKind.SHORT_TEXT, False),
            ("Vos besoins d'accessibilité", QuestionKind.LONG_TEXT, True),
        ],
    )
    first, _second = event.questions.all()
    client.force_login(demo["membre@labo.test"])
    response = client.post(
        f"/agenda/{event.slug}/inscription/", {f"question_{first.pk}": "Habitat du Pech"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Habitat du Pech" in html
    assert "Champ requis" in html
    assert not Registration.objects.filter(event=event).exists()


def test_an_oversized_answer_is_refused_without_a_server_error(demo, client):
    event = make_event("Questions longues", questions=[("Projet", QuestionKind.SHORT_TEXT, False)])
    question = event.questions.get()
    client.force_login(demo["membre@labo.test"])
    response = client.post(
        f"/agenda/{event.slug}/inscription/", {f"question_{question.pk}": "x" * 5000}
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(event=event).exists()


def test_a_member_cancels_from_the_event_page(demo, client):
    event = make_event("À annuler")
    member = demo["membre@labo.test"]
    services.registration_create(event=event, user=member)
    client.force_login(member)
    response = client.post(f"/agenda/{event.slug}/desinscription/", follow=True)
    assert "Votre inscription est annulée" in response.content.decode()
    assert Registration.objects.get(event=event, user=member).status == "annulee"


def test_the_online_link_is_shown_to_confirmed_registrants_only(demo, client):
    event = make_event(
        "Webinaire en ligne",
        event_format=EventFormat.ONLINE,
        commune=None,
        capacity=1,
        online_url=VISIO,
    )
    confirmed, waitlisted, bystander = _members(3)
    services.registration_create(event=event, user=confirmed)
    services.registration_create(event=event, user=waitlisted)

    assert VISIO not in client.get(event.url).content.decode()
    assert VISIO not in client.get(f"/agenda/{event.slug}/agenda.ics").content.decode()
    for person in (
        bystander,
        waitlisted,
        demo["moderation@labo.test"],
        demo["partenaire@labo.test"],
    ):
        client.force_login(person)
        assert VISIO not in client.get(event.url).content.decode(), person
    client.force_login(confirmed)
    assert VISIO in client.get(event.url).content.decode()
    assert VISIO in client.get(f"/agenda/{event.slug}/agenda.ics").content.decode()
    client.force_login(demo["equipe@labo.test"])
    assert VISIO in client.get(event.url).content.decode()
    # Nor in the public API or the public calendar.
    assert VISIO not in client.get(f"/api/v2/pages/{event.pk}/").content.decode()
    assert VISIO not in client.get("/agenda/agenda.ics").content.decode()


# The team's registrant list ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "membre@labo.test",
        "porteur.a@labo.test",
        "porteur.b@labo.test",
        "partenaire@labo.test",
        "moderation@labo.test",
    ],
)
def test_only_staff_reach_the_registrant_list_and_its_actions(demo, client, email):
    event = make_event("Liste privée")
    registration = services.registration_create(event=event, user=demo["porteur.a@labo.test"])
    client.force_login(demo[email])
    base = f"/agenda/{event.slug}/inscrits/"
    assert client.get(base).status_code == 403
    assert client.get(base + "export.csv").status_code == 403
    assert client.post(base + "ajouter/", {"email": "membre@labo.test"}).status_code == 403
    assert client.post(base + f"{registration.pk}/retirer/").status_code == 403
    assert client.post(base + "presences/", {"present": [registration.pk]}).status_code == 403
    assert client.post(base + "message/", {"subject": "x", "body": "y"}).status_code == 403
    registration.refresh_from_db()
    assert registration.is_confirmed and registration.attended is None


def test_visitors_are_sent_to_login_for_the_registrant_list(demo, client):
    event = make_event("Liste privée visiteurs")
    response = client.get(f"/agenda/{event.slug}/inscrits/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_staff_add_and_remove_people_without_ever_exceeding_capacity(
    demo, client, django_capture_on_commit_callbacks
):
    event = make_event("Atelier jauge", capacity=1, waitlist=False)
    client.force_login(demo["equipe@labo.test"])
    base = f"/agenda/{event.slug}/inscrits/"
    assert client.post(base + "ajouter/", {"email": "porteur.a@labo.test"}).status_code == 302
    response = client.post(base + "ajouter/", {"email": "porteur.b@labo.test"})
    assert response.status_code == 400
    assert "augmentez le nombre de places" in response.content.decode()
    response = client.post(base + "ajouter/", {"email": "inconnu@exemple.fr"})
    assert "Aucun compte actif" in response.content.decode()
    assert Registration.objects.filter(event=event, status="confirmee").count() == 1

    registration = Registration.objects.get(event=event)
    assert registration.added_by == demo["equipe@labo.test"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(base + f"{registration.pk}/retirer/")
    registration.refresh_from_db()
    assert registration.status == "annulee"
    assert mail.outbox[0].to == ["porteur.a@labo.test"]
    assert "est annulée" in mail.outbox[0].subject


def test_staff_export_the_list_mark_attendance_and_message_registrants(
    demo, client, django_capture_on_commit_callbacks
):
    event = make_event(
        "Journée régionale",
        capacity=2,
        questions=[("Votre projet", QuestionKind.SHORT_TEXT, False)],
    )
    question = event.questions.get()
    a, b, c = demo["porteur.a@labo.test"], demo["porteur.b@labo.test"], demo["membre@labo.test"]
    services.registration_create(event=event, user=a, answers={question.pk: "=HYPERLINK(1)"})
    services.registration_create(event=event, user=b)
    services.registration_create(event=event, user=c)
    client.force_login(demo["equipe@labo.test"])
    base = f"/agenda/{event.slug}/inscrits/"

    rows = list(
        csv.reader(io.StringIO(client.get(base + "export.csv").content.decode("utf-8-sig")))
    )
    assert rows[0][:4] == ["Nom", "E-mail", "Statut", "Position en liste d'attente"]
    assert rows[0][-1] == "Votre projet"
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["membre@labo.test"][2] == "Sur liste d'attente"
    assert by_email["membre@labo.test"][3] == "1"
    assert by_email["porteur.a@labo.test"][-1] == "'=HYPERLINK(1)"

    confirmed = Registration.objects.filter(event=event, status="confirmee")
    client.post(base + "presences/", {"present": [confirmed.get(user=a).pk]})
    assert dict(confirmed.values_list("user", "attended")) == {a.pk: True, b.pk: False}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            base + "message/",
            {"subject": "Changement de salle", "body": "Rendez-vous salle B."},
            follow=True,
        )
    assert "Message envoyé à 2 personne(s)" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["porteur.a@labo.test", "porteur.b@labo.test"]
    assert "Rendez-vous salle B." in mail.outbox[0].body


def test_a_members_page_lists_their_registrations_and_nobody_elses(demo, client):
    mine = make_event("Mon atelier")
    theirs = make_event("Leur atelier")
    services.registration_create(event=mine, user=demo["membre@labo.test"])
    services.registration_create(event=theirs, user=demo["porteur.b@labo.test"])
    client.force_login(demo["membre@labo.test"])
    html = client.get("/agenda/mes-inscriptions/").content.decode()
    assert "Mon atelier" in html and "Leur atelier" not in html
    assert client.get("/agenda/mes-inscriptions/")["Cache-Control"] == "private, no-store"
