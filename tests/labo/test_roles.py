import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from labo.permissions import is_moderator, is_partner, is_staff_member, site_roles
from labo.roles import MODERATOR_GROUP, ROLE_GROUPS, STAFF_GROUP, Role, sync_role_groups

pytestmark = pytest.mark.django_db


def _permission_names(group):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.smoke
def test_migrations_create_exactly_the_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) == {STAFF_GROUP, MODERATOR_GROUP}
    staff = Group.objects.get(name=STAFF_GROUP)
    assert _permission_names(staff) == set(ROLE_GROUPS[STAFF_GROUP]["model_permissions"])
    moderators = Group.objects.get(name=MODERATOR_GROUP)
    assert _permission_names(moderators) == {"django_comments.can_moderate"}


def test_staff_edit_the_whole_page_tree_and_moderators_edit_no_page():
    root = Page.objects.get(depth=1)
    staff_page_perms = set(
        GroupPagePermission.objects.filter(group__name=STAFF_GROUP, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= staff_page_perms
    assert not GroupPagePermission.objects.filter(group__name=MODERATOR_GROUP).exists()


def test_sync_restores_a_permission_removed_by_hand_and_drops_an_extra_one():
    staff = Group.objects.get(name=STAFF_GROUP)
    staff.permissions.remove(staff.permissions.get(codename="access_admin"))
    moderators = Group.objects.get(name=MODERATOR_GROUP)
    moderators.permissions.add(staff.permissions.get(codename="change_sitesettings"))

    sync_role_groups()

    assert "wagtailadmin.access_admin" in _permission_names(staff)
    assert _permission_names(moderators) == {"django_comments.can_moderate"}


def test_wagtail_default_groups_are_not_kept():
    sync_role_groups()
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_each_demo_account_has_its_role(demo):
    assert site_roles(demo["membre@labo.test"]) == {Role.MEMBER}
    assert is_staff_member(demo["equipe@labo.test"])
    assert not is_staff_member(demo["moderation@labo.test"])
    assert is_moderator(demo["moderation@labo.test"])
    assert is_partner(demo["partenaire@labo.test"])
    assert not is_partner(demo["porteur.a@labo.test"])
    assert Role.ADMIN in site_roles(demo["admin@labo.test"])


def test_visitor_has_only_the_visitor_role():
    from django.contrib.auth.models import AnonymousUser

    assert site_roles(AnonymousUser()) == {Role.VISITOR}


@pytest.mark.parametrize(
    ("email", "expected_status"),
    [
        ("equipe@labo.test", 200),
        ("admin@labo.test", 200),
        ("moderation@labo.test", 403),
        ("partenaire@labo.test", 403),
        ("porteur.a@labo.test", 403),
        ("membre@labo.test", 403),
    ],
)
def test_only_staff_and_admins_enter_the_wagtail_admin(demo, client, email, expected_status):
    client.force_login(demo[email])
    response = client.get("/admin/")
    assert response.status_code == expected_status
    if expected_status == 403:
        assert "ne vous est pas accessible" in response.content.decode()


def test_visitor_is_sent_to_the_site_login_from_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    assert client.get("/admin/login/")["Location"].startswith("/compte/login/")


def test_admin_creates_a_staff_member_with_a_display_name_in_the_wagtail_admin(demo, client):
    from labo.accounts.models import User

    client.force_login(demo["admin@labo.test"])
    assert client.get("/admin/users/new/").status_code == 200
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nouvelle.recrue@cressoccitanie.org",
            "display_name": "Nina (équipe CRESS)",
            "first_name": "",
            "last_name": "",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
            "groups": [Group.objects.get(name=STAFF_GROUP).pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="nouvelle.recrue@cressoccitanie.org")
    assert user.display_name == "Nina (équipe CRESS)"
    assert is_staff_member(user)


def test_staff_cannot_manage_user_accounts_or_groups(demo, client):
    client.force_login(demo["equipe@labo.test"])
    # Wagtail turns staff away to the dashboard with a message; only admins manage accounts.
    for url in ("/admin/users/new/", "/admin/groups/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/users/").status_code == 200  # staff may look members up
