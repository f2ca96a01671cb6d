"""Accounts (issue 9, point 5, first part): common passwords refused, the session renewed at
login, every other session ended when the password changes."""

import pytest
from django.test import Client

from labo.accounts.models import User
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"


@pytest.mark.parametrize("password", ["qwertyuiop", "1234567890", "password123"])
def test_common_and_numeric_passwords_are_refused_at_sign_up(client, password):
    response = client.post(
        "/compte/signup/",
        {
            "display_name": "Nora",
            "email": "nora@exemple.fr",
            "password1": password,
            "password2": password,
            "accept_charter": "on",
        },  # fmt: skip
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "trop courant" in html or "entièrement numérique" in html
    assert 'value="nora@exemple.fr"' in html  # what was typed is kept
    assert not User.objects.filter(email="nora@exemple.fr").exists()


def test_the_session_is_renewed_at_login(client):
    member = UserFactory()
    session = client.session
    session["visited"] = True
    session.save()
    before = client.session.session_key
    response = client.post("/compte/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before


def test_changing_the_password_ends_every_other_session(client):
    member = UserFactory()
    other_browser = Client()
    for browser in (client, other_browser):
        assert (
            browser.post(
                "/compte/login/", {"login": member.email, "password": PASSWORD}
            ).status_code
            == 302
        )
        assert browser.get("/compte/profil/").status_code == 200
    response = client.post(
        "/compte/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "un-nouveau-toit-2026",
            "password2": "un-nouveau-toit-2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/compte/profil/").status_code == 200  # this browser stays signed in
    elsewhere = other_browser.get("/compte/profil/")
    assert elsewhere.status_code == 302 and elsewhere["Location"].startswith("/compte/login/")
