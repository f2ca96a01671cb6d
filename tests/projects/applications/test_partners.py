"""Partners as participants (issue 24, point 4): the organisation gives a structured opinion on
what is shared with it, exports only that, and every visit of a partner or a jury member is
recorded for staff; the carriers never read the opinion."""

import csv
import io
import re

import pytest

from projects.models import Application, ApplicationAccess, PartnerOpinion, Review

pytestmark = pytest.mark.django_db


def _shared_open(partner):
    application = Application.objects.filter(shared_with__memberships__user=partner).first()
    Application.objects.filter(pk=application.pk).update(closed_at=None)
    application.refresh_from_db()
    return application


def test_a_partner_gives_an_opinion_that_staff_read_and_carriers_never_do(demo, client):
    partner = demo["partenaire@labo.test"]
    application = _shared_open(partner)
    PartnerOpinion.objects.filter(application=application).delete()
    client.force_login(partner)
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Donner l'avis de notre organisation" in page
    response = client.post(
        f"/candidatures/{application.pk}/avis/",
        {"opinion": "reserve", "comment": "Vérifier le montage foncier"},
    )
    assert response.status_code == 302
    opinion = PartnerOpinion.objects.get(application=application)
    assert (opinion.opinion, opinion.author) == ("reserve", partner)
    # Bad input: a clear message, no change, no server error.
    client.post(f"/candidatures/{application.pk}/avis/", {"opinion": "enthousiaste"})
    opinion.refresh_from_db()
    assert opinion.opinion == "reserve"

    client.force_login(demo["equipe@labo.test"])
    assert (
        "Vérifier le montage foncier"
        in client.get(f"/candidatures/{application.pk}/").content.decode()
    )
    referent = application.project.memberships.filter(role="referent").first().user
    client.force_login(referent)
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Vérifier le montage foncier" not in page and "Avis des partenaires" not in page
    assert (
        client.post(f"/candidatures/{application.pk}/avis/", {"opinion": "favorable"}).status_code
        == 403
    )


def test_a_partner_exports_only_what_is_shared(demo, client):
    partner = demo["partenaire@labo.test"]
    client.force_login(partner)
    response = client.get("/candidatures/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    shared = set(
        Application.objects.filter(shared_with__memberships__user=partner).values_list(
            "project__title", flat=True
        )
    )
    assert {row[0] for row in rows[1:]} == shared
    assert (
        len(rows) - 1 == Application.objects.filter(shared_with__memberships__user=partner).count()
    )
    assert client.get("/candidatures/export.xlsx").status_code == 200
    client.force_login(demo["porteur.a@labo.test"])
    assert client.get("/candidatures/export.csv").status_code == 403


def test_visits_of_partners_and_jury_are_recorded_and_shown_to_staff(demo, client):
    partner = demo["partenaire@labo.test"]
    application = _shared_open(partner)
    client.force_login(partner)
    client.get(f"/candidatures/{application.pk}/")
    client.get(f"/candidatures/{application.pk}/formulaire/")
    visits = ApplicationAccess.objects.filter(application=application, user=partner)
    assert set(visits.values_list("what", flat=True)) >= {"page"}
    client.force_login(demo["equipe@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Consultations par les partenaires et le jury" in page
    assert "Sophie Marty (Région Occitanie) — la candidature" in page
    # Staff's own visits are not recorded; the partner never sees the log.
    assert not ApplicationAccess.objects.filter(user=demo["equipe@labo.test"]).exists()
    client.force_login(partner)
    assert (
        "Consultations par les partenaires"
        not in client.get(f"/candidatures/{application.pk}/").content.decode()
    )


def test_a_partners_dashboard_and_board_hold_only_what_is_shared(demo, client):
    partner = demo["partenaire@labo.test"]
    shared = Application.objects.filter(shared_with__memberships__user=partner)
    client.force_login(partner)
    dashboard = client.get("/candidatures/tableau-de-bord/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    # The VIURE block counts the 3 shared applications, not the session's 18.
    viure = html.split("AAP VIURE")[1]
    assert 'data-stage="Candidature reçue"' in viure
    cell = viure.split('data-stage="Candidature reçue"')[1].split("</td>")[0]
    assert ">3<" in cell and ">18<" not in cell
    round_ = shared.filter(round__programme__slug="aap-viure").first().round
    board = client.get(f"/candidatures/tableau/{round_.pk}/").content.decode()
    cards = set(re.findall(r'data-application="(\d+)"', board))
    assert cards == {str(pk) for pk in shared.filter(round=round_).values_list("pk", flat=True)}
    assert "<summary>Déplacer" not in board and 'data-allowed=""' in board


def test_two_organisations_never_share_an_application_page(demo, client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from labo.accounts.models import PartnerMembership, PartnerOrganisation
    from tests.labo.factories import UserFactory

    region_person = demo["partenaire@labo.test"]
    application = _shared_open(region_person)
    other = PartnerOrganisation.objects.exclude(memberships__user=region_person).first()
    other_person = UserFactory(email="autre.partenaire@example.org")
    PartnerMembership.objects.create(organisation=other, user=other_person)
    TOTP.activate(other_person, generate_totp_secret())  # partners must have a second factor
    application.shared_with.add(other)
    PartnerOpinion.objects.filter(application=application).delete()
    # Both as plain partners (the demo also makes the Région's person a reviewer).
    Review.objects.filter(reviewer=region_person).delete()
    region = application.shared_with.get(memberships__user=region_person)
    PartnerOpinion.objects.create(
        application=application,
        organisation=region,
        opinion="reserve",
        comment="Avis propre à la Région",
        author=region_person,
    )
    client.force_login(region_person)
    assert (
        "Avis propre à la Région" in client.get(f"/candidatures/{application.pk}/").content.decode()
    )
    client.force_login(other_person)
    response = client.get(f"/candidatures/{application.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Avis propre à la Région" not in page
    assert (
        "Donner l&#x27;avis de notre organisation" in page
        or "Donner l'avis de notre organisation" in page
    )
