"""Registration without an account: a name and an e-mail address, a link to confirm (the seats
are held 30 minutes meanwhile), companions counted against capacity, a link in every e-mail to
see or cancel, robots kept out, guests' data forgotten in time — and what a guest must never
see."""

import csv
import io
import re
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from events import services
from events.choices import RegistrationStatus
from events.models import Registration
from events.selectors import HELD, registration_counts
from labo.caching.versions import content_changed
from tests.events.factories import make_event
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _request(event, name="Alix Martin", email="alix@exemple.fr", **fields):
    return services.guest_registration_request(
        event=event, name=name, email=email, client_ip="192.0.2.1", **fields
    )


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


# The service ------------------------------------------------------------------------------------


def test_a_guest_request_holds_the_seats_thirty_minutes_until_confirmed(demo):
    event = make_event("Lancement du Labo", capacity=3)
    now = timezone.now()
    registration = _request(event, companions=1, now=now)
    assert registration.status == RegistrationStatus.PENDING
    assert registration.held_until == now + services.GUEST_HOLD
    # Two seats held: one left for anyone else.
    assert services.registration_create(event=event, user=UserFactory(), now=now).is_confirmed
    late = services.registration_create(event=event, user=UserFactory(), now=now)
    assert late.status == RegistrationStatus.WAITLISTED

    confirmed = services.guest_registration_confirm(
        registration=registration, now=now + timedelta(minutes=29)
    )
    assert confirmed.is_confirmed
    assert confirmed.held_until is None
    assert Registration.objects.get(pk=late.pk).status == RegistrationStatus.WAITLISTED


def test_a_guest_who_confirms_too_late_gets_what_is_free_then(demo):
    event = make_event("Visite de chantier", capacity=1)
    now = timezone.now()
    registration = _request(event, now=now)
    # The hold is over: a member takes the seat.
    later = now + services.GUEST_HOLD + timedelta(minutes=1)
    assert services.registration_create(event=event, user=UserFactory(), now=later).is_confirmed
    confirmed = services.guest_registration_confirm(registration=registration, now=later)
    assert confirmed.status == RegistrationStatus.WAITLISTED


def test_too_late_without_a_waiting_list_says_it_is_full(demo):
    event = make_event("Petit atelier", capacity=1, waitlist=False)
    now = timezone.now()
    registration = _request(event, now=now)
    later = now + services.GUEST_HOLD + timedelta(minutes=1)
    services.registration_create(event=event, user=UserFactory(), now=later)
    with pytest.raises(services.RegistrationRefused, match="complet"):
        services.guest_registration_confirm(registration=registration, now=later)
    assert Registration.objects.get(pk=registration.pk).is_pending


def test_an_expired_hold_goes_to_the_waiting_list(demo, django_capture_on_commit_callbacks):
    event = make_event("Agora", capacity=1)
    now = timezone.now()
    _request(event, now=now)
    waiting = services.registration_create(event=event, user=UserFactory(), now=now)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert services.guest_holds_release(now=now + timedelta(minutes=10)) == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        released = services.guest_holds_release(now=now + services.GUEST_HOLD)
    assert released == 1
    assert Registration.objects.get(pk=waiting.pk).is_confirmed
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


def test_requests_never_confirmed_are_forgotten_after_two_days(demo):
    event = make_event("Journée d'étude", starts_in=timedelta(days=20))
    registration = _request(event)
    kept = _request(event, email="autre@exemple.fr")
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    services.guest_holds_release()
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert Registration.objects.filter(pk=kept.pk).exists()


def test_guests_registrations_are_anonymised_a_year_after_the_event_members_kept(demo):
    past = make_event("Lancement 2025", starts_in=timedelta(days=-400))
    recent = make_event("Agora récente", starts_in=timedelta(days=-30))
    old_guest = Registration.objects.create(
        event=past,
        guest_name="Ancien",
        guest_email="ancien@exemple.fr",
        status="confirmee",
        companions=2,
        companion_names="Ses enfants",
        answers=[{"label": "Votre projet", "value": "Un habitat partagé"}],
        attended=True,
    )
    member = Registration.objects.create(event=past, user=UserFactory(), status="confirmee")
    recent_guest = Registration.objects.create(
        event=recent, guest_name="Récent", guest_email="recent@exemple.fr", status="confirmee"
    )
    assert services.guest_registrations_forget() >= 1
    old_guest.refresh_from_db()
    assert (old_guest.guest_name, old_guest.guest_email, old_guest.companion_names) == ("", "", "")
    assert old_guest.answers == []
    # Still counted: three people came.
    assert (old_guest.status, old_guest.companions, old_guest.attended) == ("confirmee", 2, True)
    assert old_guest.display_name == "Personne anonymisée"
    member.refresh_from_db()
    recent_guest.refresh_from_db()
    assert member.anonymised_at is None
    assert recent_guest.guest_email == "recent@exemple.fr"
    # A second run changes nothing.
    assert services.guest_registrations_forget() == 0


def test_companions_take_seats_and_nobody_overtakes_the_queue(demo):
    event = make_event("Repas partagé", capacity=4)
    first = services.registration_create(event=event, user=UserFactory(), companions=2)
    assert first.is_confirmed and first.seats == 3
    # Three seats asked, one left: the party waits, and so does the single person after it.
    party = services.registration_create(event=event, user=UserFactory(), companions=2)
    single = services.registration_create(event=event, user=UserFactory())
    assert party.status == single.status == RegistrationStatus.WAITLISTED
    assert registration_counts(event)[RegistrationStatus.CONFIRMED] == 3

    services.registration_cancel(registration=first, by=None)
    assert Registration.objects.get(pk=party.pk).is_confirmed
    assert Registration.objects.get(pk=single.pk).is_confirmed


def test_the_counts_hold_a_confirming_guests_seats_until_the_hold_ends(demo):
    event = make_event("Chantier participatif", capacity=6)
    services.registration_create(event=event, user=UserFactory(), companions=1)
    guest = _request(event, companions=2)
    counts = registration_counts(event)
    assert counts[RegistrationStatus.CONFIRMED] == 2
    assert counts[RegistrationStatus.PENDING] == 3 and counts[HELD] == 3

    Registration.objects.filter(pk=guest.pk).update(
        held_until=timezone.now() - timedelta(minutes=1)
    )
    content_changed()  # as a service writing with update() does: the counts are kept under it
    counts = registration_counts(event)
    assert counts[RegistrationStatus.PENDING] == 3 and counts[HELD] == 0
    assert counts[RegistrationStatus.CONFIRMED] == 2


def test_companions_are_capped_by_the_event(demo):
    event = make_event("Atelier", companions_max=1)
    with pytest.raises(services.RegistrationRefused, match="1 personne"):
        services.registration_create(event=event, user=UserFactory(), companions=2)
    with pytest.raises(services.RegistrationRefused):
        _request(event, companions=2)
    assert not Registration.objects.filter(event=event).exists()


def test_asking_again_for_the_same_address_creates_nothing_new(
    demo, django_capture_on_commit_callbacks
):
    event = make_event("Forum ouvert")
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(event, email="Alix@Exemple.fr")
        services.guest_registration_confirm(registration=first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = _request(event, email="alix@exemple.fr", name="Quelqu'un d'autre")
    assert again.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert Registration.objects.get(pk=first.pk).guest_name == "Alix Martin"
    # What they registered for, again, to that address only.
    assert [m.to for m in mail.outbox] == [["alix@exemple.fr"]]
    assert "confirmée" in mail.outbox[0].subject


def test_requests_are_limited_per_address_and_per_client(demo):
    event = make_event("Très demandé")
    for _n in range(services.GUEST_REQUESTS_PER_EMAIL):
        _request(event, email="meme@exemple.fr")
    with pytest.raises(services.GuestRequestsLimited):
        _request(event, email="meme@exemple.fr")
    cache.clear()
    for n in range(services.GUEST_REQUESTS_PER_IP):
        _request(event, email=f"personne{n}@exemple.fr")
    with pytest.raises(services.GuestRequestsLimited):
        _request(event, email="encore@exemple.fr")


# Through the site -------------------------------------------------------------------------------


def test_a_visitor_registers_with_only_an_email_and_confirms_by_the_link(
    demo, client, django_capture_on_commit_callbacks
):
    event = make_event("Rencontre à La Cité", capacity=100)
    page = client.get(event.url).content.decode()
    assert 'name="guest_email"' in page and 'name="guest_name"' in page
    assert "réservée 30 minutes" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/agenda/{event.slug}/inscription/",
            {
                "guest_name": "  Sacha   Durand ",
                "guest_email": "sacha@exemple.fr",
                "companions": "2",
                "companion_names": "Lou, Noé",
            },  # fmt: skip
            follow=True,
        )
    html = unescape(response.content.decode())
    assert "Vérifiez votre boîte e-mail" in html
    assert "ouvrez l'e-mail que nous venons d'envoyer à sacha@exemple.fr" in html
    registration = Registration.objects.get(event=event, guest_email="sacha@exemple.fr")
    assert (registration.guest_name, registration.companions) == ("Sacha Durand", 2)
    assert registration.is_pending
    (check,) = mail.outbox
    assert check.to == ["sacha@exemple.fr"]
    assert "Bonjour Sacha Durand" in check.body
    confirm = next(link for link in _links(check.body) if link.endswith("/confirmer/"))
    assert registration.token in confirm

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shown = client.get(urlsplit(confirm).path, follow=True)
    assert shown.status_code == 200
    assert "C'est confirmé" in unescape(shown.content.decode())
    assert Registration.objects.get(pk=registration.pk).is_confirmed
    (confirmation,) = mail.outbox
    assert confirmation.attachments[0][0] == "evenement.ics"
    # Every e-mail says how to cancel; a guest has no « Mes inscriptions ».
    assert f"/agenda/inscription/{registration.token}/" in confirmation.body
    assert "mes-inscriptions" not in confirmation.body
    # Three seats taken (Sacha and two companions).
    assert "97 places" in client.get(event.url).content.decode()


def test_a_guest_cancels_from_the_link_and_the_seat_goes_to_the_waiting_list(demo, client):
    event = make_event("Dernière place", capacity=1)
    guest = _request(event)
    services.guest_registration_confirm(registration=guest)
    waiting = services.registration_create(event=event, user=UserFactory())

    page = client.get(f"/agenda/inscription/{guest.token}/")
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert page["Referrer-Policy"] == "same-origin"
    assert "Annuler mon inscription" in page.content.decode()
    client.post(f"/agenda/inscription/{guest.token}/")
    assert Registration.objects.get(pk=guest.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).is_confirmed


def test_mistakes_are_explained_and_nothing_typed_is_lost(demo, client):
    event = make_event("Webinaire juridique")
    response = client.post(
        f"/agenda/{event.slug}/inscription/",
        {"guest_name": "Camille Noir", "guest_email": "pas-une-adresse", "companions": "9"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse e-mail valide" in html
    assert 'value="Camille Noir"' in html
    assert 'value="pas-une-adresse"' in html
    assert not Registration.objects.filter(event=event).exists()


def test_robots_filling_the_hidden_field_are_refused(demo, client):
    event = make_event("Portes ouvertes")
    response = client.post(
        f"/agenda/{event.slug}/inscription/",
        {"guest_name": "Bot", "guest_email": "bot@exemple.fr", "website": "http://spam.test"},
    )
    assert response.status_code == 400
    assert "n'a pas pu être envoyée" in unescape(response.content.decode())
    assert not Registration.objects.filter(event=event).exists()


def test_too_many_requests_get_a_clear_answer_with_the_form_kept(demo, client):
    event = make_event("Très couru")
    data = {"guest_name": "Dominique", "guest_email": "dom@exemple.fr"}
    for _n in range(services.GUEST_REQUESTS_PER_EMAIL):
        assert client.post(f"/agenda/{event.slug}/inscription/", data).status_code == 302
    response = client.post(f"/agenda/{event.slug}/inscription/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "réessayez dans une heure" in html
    assert 'value="dom@exemple.fr"' in html


def test_an_event_may_want_an_account(demo, client):
    event = make_event("Réservé aux membres", guests_allowed=False)
    html = client.get(event.url).content.decode()
    assert 'name="guest_email"' not in html
    assert "Se connecter pour s'inscrire" in unescape(html)


# What a guest must not see ------------------------------------------------------------------------


def test_a_guest_sees_their_own_registration_and_nobody_elses(demo, client):
    event = make_event("Agora des porteurs", capacity=10)
    mine = _request(event, name="Moi", email="moi@exemple.fr")
    theirs = _request(event, name="Voisine Secrète", email="voisine@exemple.fr")
    services.guest_registration_confirm(registration=theirs)
    services.registration_create(event=event, user=demo["membre@labo.test"], name_shown=True)

    html = client.get(f"/agenda/inscription/{mine.token}/").content.decode()
    assert "Moi" in html and "moi@exemple.fr" in html
    assert "Voisine" not in html and "voisine@exemple.fr" not in html
    # Nor on the event page (guests are counted, never named), nor in the team's list.
    page = client.get(event.url).content.decode()
    assert "Voisine" not in page
    assert client.get(f"/agenda/{event.slug}/inscrits/").status_code == 302
    assert client.get(f"/agenda/{event.slug}/inscrits/export.csv").status_code == 302
    # An invented or altered token shows nothing.
    assert client.get(f"/agenda/inscription/{mine.token[:-1]}x/").status_code == 404
    assert client.get("/agenda/inscription/x/confirmer/").status_code == 404


def test_members_see_no_guest_names_in_who_is_coming(demo, client):
    event = make_event("Qui vient ?")
    guest = _request(event, name="Invitée Discrète", email="discrete@exemple.fr")
    services.guest_registration_confirm(registration=guest)
    client.force_login(demo["membre@labo.test"])
    html = client.get(event.url).content.decode()
    assert "1 personne inscrite" in html
    assert "Invitée Discrète" not in html


# The team ---------------------------------------------------------------------------------------


def test_the_team_sees_guests_and_members_together_with_attendance(demo, client):
    event = make_event("Journée régionale", capacity=10)
    member = services.registration_create(event=event, user=demo["porteur.a@labo.test"])
    guest = _request(event, name="Élue Locale", email="elue@exemple.fr", companions=1,
                     companion_names="Son adjoint")  # fmt: skip
    services.guest_registration_confirm(registration=guest)
    client.force_login(demo["equipe@labo.test"])
    base = f"/agenda/{event.slug}/inscrits/"

    html = client.get(base).content.decode()
    assert "Élue Locale" in html and "sans compte" in html and "Son adjoint" in html
    assert "3 personnes inscrites" in html

    client.post(base + "presences/", {"present": [guest.pk]})
    html = client.get(base).content.decode()
    # Two of three came (the guest and her companion).
    assert "Présence : 2 personne(s) venue(s), 67 % des inscrits." in html

    rows = list(
        csv.DictReader(io.StringIO(client.get(base + "export.csv").content.decode("utf-8-sig")))
    )
    by_name = {row["Nom"]: row for row in rows}
    assert by_name["Élue Locale"]["Compte"] == "sans compte"
    assert by_name["Élue Locale"]["Accompagnant·es"] == "1"
    assert by_name["Élue Locale"]["E-mail"] == "elue@exemple.fr"
    assert by_name[member.user.display_name]["Compte"] == "membre"

    # Removing a guest works like removing a member.
    client.post(base + f"{guest.pk}/retirer/")
    assert Registration.objects.get(pk=guest.pk).status == RegistrationStatus.CANCELLED


def test_the_team_registers_someone_without_an_account_and_never_beyond_capacity(
    demo, client, django_capture_on_commit_callbacks
):
    event = make_event("Agora VIURE", capacity=3)
    client.force_login(demo["equipe@labo.test"])
    add = f"/agenda/{event.slug}/inscrits/ajouter/"

    refused = client.post(add, {"email": "inconnue@exemple.fr"})
    assert refused.status_code == 400
    assert "indiquez son nom pour l'inscrire sans compte" in unescape(refused.content.decode())
    assert not Registration.objects.filter(event=event).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add, {"email": "Elu@Mairie.example", "name": "Un Élu", "companions": "1"})
    guest = Registration.objects.get(event=event, guest_email="elu@mairie.example")
    assert (guest.status, guest.seats, guest.added_by) == (
        RegistrationStatus.CONFIRMED,
        2,
        demo["equipe@labo.test"],
    )
    # Confirmed at once (the team vouches for the address), with the link to cancel.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["elu@mairie.example"]
    assert f"/agenda/inscription/{guest.token}/" in confirmation.body

    # A member by their account, with more companions than the public form offers.
    client.post(add, {"email": "membre@labo.test", "companions": "4"})
    member = Registration.objects.get(event=event, user=demo["membre@labo.test"])
    assert (member.status, member.companions) == (RegistrationStatus.WAITLISTED, 4)
    again = client.post(add, {"email": "elu@mairie.example", "name": "Un Élu"})
    assert "est déjà inscrit·e" in unescape(again.content.decode())


def test_only_the_team_adds_registrants(demo, client):
    event = make_event("Atelier fermé")
    add = f"/agenda/{event.slug}/inscrits/ajouter/"
    data = {"email": "quelquun@exemple.fr", "name": "Quelqu'un"}
    assert client.post(add, data).status_code == 302  # to the login page
    for email in ("membre@labo.test", "porteur.a@labo.test", "moderation@labo.test"):
        client.force_login(demo[email])
        assert client.post(add, data).status_code == 403
    assert not Registration.objects.filter(event=event).exists()
