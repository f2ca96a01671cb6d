import re

import pytest
from django.core import mail
from django.test import override_settings

from labo.accounts.models import User

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {
        "display_name": "Nora B.",
        "email": "nora@exemple.fr",
        "password1": "un-toit-pour-nous-2025",
        "password2": "un-toit-pour-nous-2025",
        "accept_charter": "on",
        **overrides,
    }
    return client.post("/compte/signup/", data)


@pytest.mark.smoke
def test_sign_up_sends_a_french_verification_email_then_the_member_can_log_in(
    client, django_capture_on_commit_callbacks
):
    # Account e-mails leave through the outbox once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nora@exemple.fr")
    assert user.display_name == "Nora B."

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora@exemple.fr"]
    assert (
        "Confirm" in message.subject or "Confirmez" in message.subject or "confirm" in message.body
    )
    link = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Not verified yet: logging in only re-sends the verification.
    client.logout()
    response = client.post(
        "/compte/login/", {"login": "nora@exemple.fr", "password": "un-toit-pour-nous-2025"}
    )
    assert "_auth_user_id" not in client.session

    confirm = client.post(f"/{path}")
    assert confirm.status_code == 302
    client.logout()
    response = client.post(
        "/compte/login/", {"login": "nora@exemple.fr", "password": "un-toit-pour-nous-2025"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_errors_keep_what_was_typed_and_are_tied_to_their_field(client):
    response = _signup(client, password2="autre-chose-2025", accept_charter="")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="nora@exemple.fr"' in html
    assert 'value="Nora B."' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_accept_charter_error"' in html
    assert not User.objects.filter(email="nora@exemple.fr").exists()


def test_sign_up_with_an_existing_address_creates_no_second_account(client, demo):
    _signup(client, email="MEMBRE@labo.test")
    assert User.objects.filter(email__iexact="membre@labo.test").count() == 1


@pytest.mark.parametrize(
    "email",
    [
        "admin@labo.test",
        "equipe@labo.test",
        "porteur.a@labo.test",
        "porteur.b@labo.test",
        "partenaire@labo.test",
        "moderation@labo.test",
        "membre@labo.test",
    ],
)
def test_every_demo_account_logs_in_with_the_demo_password(demo, login, client, email):
    login(email)
    assert client.session["_auth_user_id"] == str(demo[email].pk)


@override_settings(DEMO_LOGIN_ENABLED=False)
def test_demo_password_is_refused_when_demo_logins_are_disabled(demo, client):
    response = client.post(
        "/compte/login/", {"login": "membre@labo.test", "password": "labo-demo-2025"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(demo, login, client):
    login("membre@labo.test")
    client.post("/compte/logout/")
    assert "_auth_user_id" not in client.session
    assert client.get("/compte/profil/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(
    demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": "membre@labo.test"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    path = "/" + re.search(r"https?://[^/]+/(compte/password/reset/key/[^\s]+)", body).group(1)
    form_url = client.get(path)["Location"] if client.get(path).status_code == 302 else path
    response = client.post(
        form_url, {"password1": "nouveau-mot-de-passe-42", "password2": "nouveau-mot-de-passe-42"}
    )
    assert response.status_code == 302
    client.post(
        "/compte/login/", {"login": "membre@labo.test", "password": "nouveau-mot-de-passe-42"}
    )
    assert client.session["_auth_user_id"] == str(demo["membre@labo.test"].pk)
