"""What a person is (labo.access: groups, partner organisations, project roles, second factor)
is kept between requests; every change to it is seen on the very next request, whichever way
it is made, and a kept answer never serves another person."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from labo.accounts.models import PartnerMembership, PartnerOrganisation
from labo.roles import STAFF_GROUP
from projects.models import Application, ProjectMembership
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

LAURAGAIS = "les-toits-partages-du-lauragais"


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _application():
    return Application.objects.get(project__slug=LAURAGAIS, round__programme__slug="aap-viure")


def _staff_with_second_factor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_facts_are_read_once_and_not_on_the_next_requests(demo):
    browser = _signed_in(_staff_with_second_factor())
    browser.get("/candidatures/")
    with CaptureQueriesContext(connection) as captured:
        assert browser.get("/candidatures/").status_code == 200
    sql = " ".join(query["sql"] for query in captured)
    assert "auth_group" not in sql and "mfa_authenticator" not in sql
    assert "accounts_partnermembership" not in sql and "projects_projectmembership" not in sql


def test_leaving_the_staff_group_closes_the_applications_at_once(demo):
    staff = _staff_with_second_factor()
    browser = _signed_in(staff)
    assert browser.get("/candidatures/tableau-de-bord/").status_code == 200
    staff.groups.remove(Group.objects.get(name=STAFF_GROUP))
    assert browser.get(f"/candidatures/{_application().pk}/").status_code == 404


def test_a_group_emptied_from_its_side_or_deleted_takes_its_rights_with_it(demo):
    staff, other = _staff_with_second_factor(), _staff_with_second_factor()
    browser, other_browser = _signed_in(staff), _signed_in(other)
    assert browser.get("/candidatures/tableau-de-bord/").status_code == 200
    assert other_browser.get("/candidatures/tableau-de-bord/").status_code == 200
    Group.objects.get(name=STAFF_GROUP).user_set.remove(staff)
    assert browser.get("/candidatures/tableau-de-bord/").status_code == 403
    Group.objects.get(name=STAFF_GROUP).delete()
    assert other_browser.get("/candidatures/tableau-de-bord/").status_code == 403


def test_a_team_sees_its_application_from_the_request_after_joining_and_not_after_leaving(demo):
    application = _application()
    newcomer = UserFactory()
    browser = _signed_in(newcomer)
    url = f"/candidatures/{application.pk}/"
    assert browser.get(url).status_code == 404
    membership = ProjectMembership.objects.create(
        project=application.project, user=newcomer, role="member"
    )
    page = browser.get(url)
    assert page.status_code == 200
    assert "Retirer la candidature" in page.content.decode()  # what only its team may do
    membership.delete()
    assert browser.get(url).status_code == 404


def test_a_partner_who_leaves_the_organisation_loses_the_shared_application(demo):
    from projects.applications import services as application_services

    application = _application()
    organisation = PartnerOrganisation.objects.create(name="Banque solidaire", slug="banque")
    application_services.application_share(
        application=application, organisation=organisation, by=demo["equipe@labo.test"]
    )
    partner = UserFactory()
    TOTP.activate(partner, generate_totp_secret())
    browser = _signed_in(partner)
    url = f"/candidatures/{application.pk}/"
    assert browser.get(url).status_code == 404  # a member like any other, for now
    membership = PartnerMembership.objects.create(organisation=organisation, user=partner)
    assert "Notes internes" in browser.get(url).content.decode()
    membership.delete()
    assert browser.get(url).status_code == 404
    # And a deleted organisation takes its members' access with it.
    PartnerMembership.objects.create(organisation=organisation, user=partner)
    page = browser.get(url)
    assert page.status_code == 200
    assert "Notes internes" in page.content.decode()  # what partners may write
    organisation.delete()
    assert browser.get(url).status_code == 404


def test_a_removed_second_factor_is_asked_for_again_on_the_next_request(demo):
    staff = _staff_with_second_factor()
    browser = _signed_in(staff)
    assert browser.get("/candidatures/tableau-de-bord/").status_code == 200
    Authenticator.objects.filter(user=staff).delete()
    response = browser.get("/candidatures/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/2fa/totp/activate/")


def test_one_persons_facts_never_answer_for_another(demo):
    staff, member = _staff_with_second_factor(), UserFactory()
    staff_browser, member_browser = _signed_in(staff), _signed_in(member)
    assert staff_browser.get("/candidatures/tableau-de-bord/").status_code == 200
    assert member_browser.get("/candidatures/tableau-de-bord/").status_code == 403
    assert staff_browser.get("/candidatures/tableau-de-bord/").status_code == 200
