"""Headers every response carries: a strict Content-Security-Policy with a nonce on the site
(a looser one in the admin), no framing, no MIME sniffing, a same-origin referrer, and pages
seen by a signed-in person never kept by a shared cache."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    }


@pytest.mark.smoke
def test_public_pages_carry_a_strict_policy_with_a_fresh_nonce(demo, client):
    first, second = client.get("/agenda/"), client.get("/agenda/")
    policy = _policy(first)
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9+/=]+'", policy["script-src"])
    assert policy["script-src"] != _policy(second)["script-src"]
    nonce = policy["script-src"].split("'nonce-")[1].rstrip("'")
    assert f'nonce="{nonce}"' in first.content.decode()
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in first["Content-Security-Policy"]
    assert first["X-Frame-Options"] == "DENY"
    assert first["X-Content-Type-Options"] == "nosniff"
    assert first["Referrer-Policy"] == "same-origin"
    assert "no-store" not in first.get("Cache-Control", "")


def test_pages_seen_signed_in_are_private(demo, client):
    client.force_login(demo["membre@labo.test"])
    for url in ("/", "/agenda/", "/forum/", "/recherche/?q=habitat", "/compte/profil/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response["Vary"], url


def test_the_admin_has_its_own_looser_policy(demo, client):
    client.force_login(demo["equipe@labo.test"])
    policy = _policy(client.get("/admin/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'self'"  # page previews
