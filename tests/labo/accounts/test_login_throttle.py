"""Brute-force protection: attackers get blocked, their victims never do."""

import pytest
from django.test import override_settings

from labo.accounts.throttling import DEVICE_COOKIE_NAME
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

VICTIM = "membre@labo.test"
ATTACKER_IP = "203.0.113.66"
VICTIM_IP = "198.51.100.7"
LIMITS = {
    "WINDOW_SECONDS": 900,
    "PER_IP": 12,
    "PER_ACCOUNT_AND_IP": 5,
    "PER_ACCOUNT_UNTRUSTED": 8,
    "PER_TRUSTED_DEVICE": 10,
    "DEVICE_COOKIE_AGE": 3600,
}


def _attempt(client, password, ip, email=VICTIM):
    return client.post("/compte/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client):
    return "_auth_user_id" in client.session


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_guessing_from_one_address_blocks_that_address_even_with_the_right_password(demo, client):
    for _ in range(LIMITS["PER_ACCOUNT_AND_IP"]):
        assert _attempt(client, "mauvais-mot-de-passe", ATTACKER_IP).status_code == 200
    response = _attempt(client, "labo-demo-2025", ATTACKER_IP)
    assert not _logged_in(client)
    assert "Trop de tentatives de connexion" in response.content.decode()


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_attacker_cannot_lock_the_victim_out_from_the_victims_own_address(demo, client):
    from django.test import Client

    attacker = Client()
    for _ in range(LIMITS["PER_ACCOUNT_AND_IP"] + 3):
        _attempt(attacker, "mauvais-mot-de-passe", ATTACKER_IP)

    _attempt(client, "labo-demo-2025", VICTIM_IP)
    assert _logged_in(client)


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_an_address_guessing_many_accounts_is_blocked(demo, client):
    emails = [f"inconnu{n}@exemple.fr" for n in range(LIMITS["PER_IP"])]
    for email in emails:
        _attempt(client, "mauvais-mot-de-passe", ATTACKER_IP, email=email)
    response = _attempt(client, "labo-demo-2025", ATTACKER_IP, email="porteur.b@labo.test")
    assert not _logged_in(client)
    assert "Trop de tentatives de connexion" in response.content.decode()


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_distributed_attack_slows_new_browsers_but_not_the_victims_usual_browser(demo, client):
    from django.test import Client

    # The victim logged in once from this browser: it now carries a trusted-device cookie.
    _attempt(client, "labo-demo-2025", VICTIM_IP)
    assert _logged_in(client)
    assert DEVICE_COOKIE_NAME in client.cookies
    client.post("/compte/logout/")

    # Attackers from many addresses exhaust the account's budget for untrusted browsers.
    for n in range(LIMITS["PER_ACCOUNT_UNTRUSTED"]):
        _attempt(Client(), "mauvais-mot-de-passe", f"203.0.113.{n + 1}")
    stranger = Client()
    _attempt(stranger, "labo-demo-2025", "192.0.2.50")
    assert not _logged_in(stranger)

    # The victim's usual browser still gets in.
    _attempt(client, "labo-demo-2025", VICTIM_IP)
    assert _logged_in(client)


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_a_forged_device_cookie_is_ignored(demo, client):
    client.cookies[DEVICE_COOKIE_NAME] = "forged-value"
    for _ in range(LIMITS["PER_ACCOUNT_AND_IP"]):
        _attempt(client, "mauvais-mot-de-passe", ATTACKER_IP)
    _attempt(client, "labo-demo-2025", ATTACKER_IP)
    assert not _logged_in(client)


@override_settings(LOGIN_THROTTLE=LIMITS)
def test_a_successful_login_clears_the_owners_own_failures(demo, client):
    for _ in range(LIMITS["PER_ACCOUNT_AND_IP"] - 1):
        _attempt(client, "faute-de-frappe", VICTIM_IP)
    _attempt(client, "labo-demo-2025", VICTIM_IP)
    assert _logged_in(client)
    client.post("/compte/logout/")
    client.cookies.pop(DEVICE_COOKIE_NAME, None)
    for _ in range(LIMITS["PER_ACCOUNT_AND_IP"] - 1):
        _attempt(client, "faute-de-frappe", VICTIM_IP)
    _attempt(client, "labo-demo-2025", VICTIM_IP)
    assert _logged_in(client)


def test_throttle_counters_live_in_the_shared_redis_cache(demo, client):
    import redis
    from django.conf import settings

    _attempt(client, "mauvais-mot-de-passe", ATTACKER_IP)
    # Read Redis directly, as another web worker would.
    keys = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]).keys("*login-fail*")
    assert keys, "failures must be counted where every worker sees them"
    assert not any(b"membre@labo.test" in key for key in keys)


# Password reset ------------------------------------------------------------------------------


def _reset(client, email, ip):
    return client.post("/compte/password/reset/", {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_requests_for_one_address_are_capped_and_say_so(
    demo, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_reset(client, VICTIM, ATTACKER_IP) for _request in range(8)]
    # allauth's limit: 5 per minute and address, so nobody can flood a member's inbox.
    assert len([m for m in mailoutbox if VICTIM in m.to]) == 5
    refused = answers[-1]
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()


def test_a_reset_flood_never_stops_the_victim_signing_in(demo, client):
    for _request in range(8):
        _reset(client, VICTIM, ATTACKER_IP)
    _attempt(client, DEMO_PASSWORD, VICTIM_IP)
    assert _logged_in(client)


def test_one_address_cannot_request_resets_for_the_whole_directory(
    demo, client, mailoutbox, django_capture_on_commit_callbacks
):
    emails = [f"referent.projet{n:02d}@labo.test" for n in range(2, 25)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_reset(client, email, ATTACKER_IP).status_code for email in emails]
    assert statuses.count(429) == len(emails) - 20  # 20 per minute and IP
    assert len(mailoutbox) == 20
