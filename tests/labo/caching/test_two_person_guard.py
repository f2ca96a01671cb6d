"""The guard over every kept page and fragment: for two people of each sharing tier, what one
person gets with every cache on — after the other filled it — is exactly what they get with
every cache off. A fragment shared too widely (one carrier's button shown to another, a
partner's notes to another organisation, a member's registration to another member) fails
here, whichever template or declaration let it through.

The pages are those of the authorization matrix that each person may open (tests/security),
which between them render every declared fragment (tests/labo/caching/test_declarations.py
checks that each is used by a template)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings

from labo.roles import STAFF_GROUP
from tests.caches import NO_CACHES
from tests.labo.factories import UserFactory
from tests.security.test_authorization_matrix import FAMILIES, ROWS, world  # noqa: F401

pytestmark = pytest.mark.django_db

# What differs from one response to the next by design: CSRF tokens, CSP nonces, a form's
# one-time token against double posting (forum.forms), and the relative times a page shows
# (« il y a 3 minutes » may turn over between two requests).
PER_RESPONSE = [
    (re.compile(r"[A-Za-z0-9]{64}"), "TOKEN"),
    (re.compile(r'(name="token" value=")[0-9a-f-]{36}"'), r'\1"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"(<time[^>]*>)[^<]*(</time>)"), r"\1\2"),
]


def _normalised(html: str) -> str:
    for pattern, replacement in PER_RESPONSE:
        html = pattern.sub(replacement, html)
    return html


def _pages_for(role: str, values: dict) -> list[str]:
    """The HTML pages the matrix lets this role open."""
    urls = []
    for row in ROWS + [row for family in FAMILIES.values() for row in family]:
        if row.method == "get" and row.expected.get(role) == "ok":
            url = row.url.format(**values)
            if not url.endswith((".csv", ".xlsx", ".ics", ".geojson", ".atom", ".txt", ".xml")):
                urls.append(url)
    return urls


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _html(client: Client, url: str) -> str | None:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return _normalised(response.content.decode())


@pytest.fixture
def tiers(world):  # noqa: F811 (the matrix's fixture, imported above)
    users, values = world
    second_member = UserFactory(email="membre.deux@labo.test")
    second_staff = UserFactory(email="equipe.deux@labo.test")
    second_staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    return values, {
        # role of the matrix whose pages are visited: (the one who fills, the one checked)
        "visitor": (None, None),
        "member": (second_member, users["member"]),
        "carrier_a": (users["carrier_b"], users["carrier_a"]),
        "carrier_b": (users["carrier_a"], users["carrier_b"]),
        "partner_shared": (users["partner_unshared"], users["partner_shared"]),
        "partner_unshared": (users["partner_shared"], users["partner_unshared"]),
        "staff": (second_staff, users["staff"]),
    }


@pytest.mark.parametrize(
    "role",
    ["visitor", "member", "carrier_a", "carrier_b", "partner_shared", "partner_unshared", "staff"],
)
def test_a_person_gets_with_caches_what_they_get_without(tiers, role):
    values, people = tiers
    filler, checked = people[role]
    urls = _pages_for(role, values)
    assert len(urls) >= 8, urls  # the public pages at least
    with override_settings(PAGE_CACHE_SECONDS=600):
        # Someone else of the tier (or the other carrier, the other partner) fills the caches
        # with everything they see on the same pages…
        filling = _client(filler)
        for url in urls:
            filling.get(url)
        # …the person checked, with every cache off: twice, so that what a first visit
        # writes (read marks) is behind them…
        with override_settings(CACHES=NO_CACHES):
            reader = _client(checked)
            for url in urls:
                reader.get(url)
            expected = {url: _html(reader, url) for url in urls}
        # …then with the caches the other one filled.
        reader = _client(checked)
        differences = [
            url for url in urls if expected[url] is not None and _html(reader, url) != expected[url]
        ]
    assert differences == [], f"{role}: pages that differ with caches on: {differences}"
