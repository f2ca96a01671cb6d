"""Two-factor authentication: every member may turn it on; staff and partners must."""

import re
import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from labo.accounts.models import PartnerMembership, PartnerOrganisation
from labo.roles import STAFF_GROUP
from tests.labo.factories import UserFactory

PASSWORD = "mot-de-passe-solide-42"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user, password=PASSWORD):
    return client.post("/compte/login/", {"login": user.email, "password": password})


def confirm_password(client, password=PASSWORD):
    """Turning the second factor on or off asks for the password again (allauth)."""
    response = client.post("/compte/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def staff_user(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


@pytest.fixture
def partner_user(db):
    user = UserFactory()
    organisation = PartnerOrganisation.objects.create(name="Banque solidaire", slug="banque")
    PartnerMembership.objects.create(organisation=organisation, user=user)
    return user


def test_a_member_turns_on_two_factor_and_then_needs_a_code_to_sign_in(client, db):
    member = UserFactory()
    assert sign_in(client, member).status_code == 302
    assert client.get("/compte/2fa/totp/activate/")["Location"].startswith(
        "/compte/reauthenticate/"
    )
    confirm_password(client)
    page = client.get("/compte/2fa/totp/activate/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml;base64," in html  # the QR code, no external service
    secret = re.search(r"\b([A-Z2-7]{32})\b", html).group(1)

    wrong = client.post("/compte/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=member).exists()

    done = client.post("/compte/2fa/totp/activate/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()

    client.logout()
    second_step = sign_in(client, member)
    assert second_step["Location"] == "/compte/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    assert client.get("/compte/profil/").status_code == 302

    refused = client.post("/compte/2fa/authenticate/", {"code": "123456"})
    assert "Code incorrect" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_code_is_accepted_once(client, db):
    member = UserFactory()
    TOTP.activate(member, SECRET)
    sign_in(client, member)
    code = current_code()
    assert client.post("/compte/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)

    client.logout()
    sign_in(client, member)
    replayed = client.post("/compte/2fa/authenticate/", {"code": code})
    assert replayed.status_code == 200  # a code seen once cannot be replayed
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_throttled_per_account_without_touching_others(client, db):
    member, other = UserFactory(), UserFactory()
    TOTP.activate(member, SECRET)
    TOTP.activate(other, SECRET)
    sign_in(client, member)
    for _attempt in range(5):
        client.post("/compte/2fa/authenticate/", {"code": "000000"})
    blocked = client.post("/compte/2fa/authenticate/", {"code": current_code()})
    assert "Trop de codes erronés" in blocked.content.decode()
    assert "_auth_user_id" not in client.session

    client.logout()
    sign_in(client, other)
    assert client.post("/compte/2fa/authenticate/", {"code": current_code()}).status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.parametrize("who", ["staff_user", "partner_user"])
def test_staff_and_partners_without_a_second_factor_must_set_one_up(client, request, who):
    user = request.getfixturevalue(who)
    sign_in(client, user)
    for path in ("/", "/candidatures/", "/compte/profil/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/compte/2fa/totp/activate/"), path
    # Posting anywhere else is refused the same way: nothing is done before the second factor.
    assert client.post("/forum/nouveau/", {"title": "x"})["Location"].startswith(
        "/compte/2fa/totp/activate/"
    )
    # Setting it up and leaving stay open.
    confirm_password(client)
    assert client.get("/compte/2fa/totp/activate/").status_code == 200
    assert client.post("/compte/logout/").status_code == 302


def test_with_a_second_factor_staff_reach_their_tools_and_cannot_turn_it_off(client, staff_user):
    TOTP.activate(staff_user, SECRET)
    sign_in(client, staff_user)
    client.post("/compte/2fa/authenticate/", {"code": current_code()})
    assert client.get("/admin/").status_code == 200
    assert client.get("/candidatures/tableau-de-bord/").status_code == 200

    confirm_password(client)
    client.post("/compte/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=staff_user, type=Authenticator.Type.TOTP).exists()


def test_a_member_may_turn_it_off_again(client, db):
    member = UserFactory()
    TOTP.activate(member, SECRET)
    sign_in(client, member)
    client.post("/compte/2fa/authenticate/", {"code": current_code()})
    confirm_password(client)
    response = client.post("/compte/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


def test_members_and_moderators_are_never_forced(client, demo):
    client.force_login(demo["membre@labo.test"])
    assert client.get("/compte/profil/").status_code == 200
    client.force_login(demo["moderation@labo.test"])
    assert client.get("/forum/").status_code == 200


def test_demo_staff_accounts_are_exempt_only_while_demo_logins_are_enabled(client, demo):
    staff = demo["equipe@labo.test"]
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    with override_settings(DEMO_LOGIN_ENABLED=False):
        response = client.get("/admin/")
    assert response["Location"].startswith("/compte/2fa/totp/activate/")


def test_an_operator_can_reset_a_lost_second_factor(staff_user):
    TOTP.activate(staff_user, SECRET)
    out = StringIO()
    call_command("reset_two_factor", staff_user.email.upper(), stdout=out)
    assert "1 authenticator(s) removed" in out.getvalue()
    assert not Authenticator.objects.filter(user=staff_user).exists()
    with pytest.raises(CommandError):
        call_command("reset_two_factor", "personne@exemple.fr")
