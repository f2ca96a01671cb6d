"""Teams: invitations by e-mail (signed, expiring, single use), removal, referent handover,
and the rule that a project always keeps a referent."""

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from projects import invitations
from projects.models import ProjectInvitation, ProjectMembership, ProjectPage, ProjectRole
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _invite(client, demo, email="nouvelle@exemple.fr", role="member", capture=None):
    client.force_login(demo["porteur.a@labo.test"])
    with capture(execute=True):
        response = client.post(f"/projets/{SLUG}/equipe/", {"email": email, "role": role})
    assert response.status_code == 302
    message = mail.outbox[-1]
    return re.search(r"https?://[^/\s]+(/projets/invitation/[^\s]+/)", message.body).group(1)


def test_an_invitation_works_for_someone_without_an_account_yet(
    demo, client, django_capture_on_commit_callbacks
):
    path = _invite(client, demo, capture=django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["nouvelle@exemple.fr"]
    client.logout()
    page = client.get(path).content.decode()
    assert "Créer mon compte" in page and f"next={quote(path)}" in page

    newcomer = UserFactory(email="nouvelle@exemple.fr")
    client.force_login(newcomer)
    response = client.post(path)
    assert response.status_code == 302
    membership = ProjectMembership.objects.get(user=newcomer)
    assert membership.project.slug == SLUG and membership.role == ProjectRole.MEMBER

    # The link works once.
    other = UserFactory()
    client.force_login(other)
    response = client.post(path)
    assert response.status_code == 400
    assert "déjà été utilisée" in response.content.decode()
    assert not ProjectMembership.objects.filter(user=other).exists()


def test_an_expired_or_forged_invitation_is_refused(demo, client, settings):
    invitation = ProjectInvitation.objects.create(
        project=ProjectPage.objects.get(slug=SLUG),
        email="x@exemple.fr",
        role=ProjectRole.MEMBER,
        invited_by=demo["porteur.a@labo.test"],
    )
    token = invitations.invitation_token(invitation)
    with pytest.raises(ValidationError) as error:
        invitations.invitation_from_token(token[:-3] + "abc")
    assert error.value.code == "invalid"

    assert invitations.invitation_from_token(token) == invitation
    settings.PROJECT_INVITATION_MAX_AGE = -1  # every token is now older than allowed
    with pytest.raises(ValidationError) as error:
        invitations.invitation_from_token(token)
    assert error.value.code == "expired"


def test_only_referents_and_staff_manage_the_team(demo, client):
    for email, status in [
        ("porteur.b@labo.test", 403),
        ("membre@labo.test", 403),
        ("partenaire@labo.test", 403),
        ("equipe@labo.test", 200),
        ("porteur.a@labo.test", 200),
    ]:
        client.force_login(demo[email])
        assert client.get(f"/projets/{SLUG}/equipe/").status_code == status, email
    client.logout()
    assert client.get(f"/projets/{SLUG}/equipe/").status_code == 302


def test_a_plain_member_cannot_invite_or_remove(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    member = UserFactory()
    ProjectMembership.objects.create(project=project, user=member, role=ProjectRole.MEMBER)
    referent = ProjectMembership.objects.get(project=project, role=ProjectRole.REFERENT)
    client.force_login(member)
    assert (
        client.post(f"/projets/{SLUG}/equipe/", {"email": "a@b.fr", "role": "referent"}).status_code
        == 403
    )
    client.post(f"/projets/{SLUG}/equipe/{referent.pk}/retirer/")
    assert ProjectMembership.objects.filter(pk=referent.pk).exists()
    assert not ProjectInvitation.objects.filter(email="a@b.fr").exists()


def test_the_last_referent_can_neither_leave_nor_be_removed(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    referent = ProjectMembership.objects.get(project=project, role=ProjectRole.REFERENT)
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(f"/projets/{SLUG}/equipe/{referent.pk}/retirer/", follow=True)
    assert "garde toujours au moins un·e référent·e" in response.content.decode()
    assert ProjectMembership.objects.filter(pk=referent.pk).exists()


def test_handing_over_the_referent_role_then_leaving(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    successor = UserFactory(display_name="Anouk L.")
    membership = ProjectMembership.objects.create(
        project=project, user=successor, role=ProjectRole.MEMBER
    )
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/projets/{SLUG}/equipe/{membership.pk}/referent/")
    membership.refresh_from_db()
    assert membership.role == ProjectRole.REFERENT
    former = ProjectMembership.objects.get(project=project, user=demo["porteur.a@labo.test"])
    assert former.role == ProjectRole.MEMBER
    client.post(f"/projets/{SLUG}/equipe/{former.pk}/retirer/")
    assert list(project.memberships.values_list("user__display_name", flat=True)) == ["Anouk L."]


def test_team_email_addresses_are_never_shown_on_the_public_page(demo, client):
    html = client.get(f"/projets/{SLUG}/").content.decode()
    assert "Camille Roux" in html
    assert "porteur.a@labo.test" not in html
