"""« @Camille Roux » in a post becomes a link to Camille's profile once posted: the longest
name that matches wins, nothing inside code or an existing link changes, markup typed around a
name stays text, and a page of thirty replies resolves every name it mentions in one query."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forum.markdown import render_markdown
from forum.mentions import link_mentions, mention_names
from tests.forum.factories import make_replies, make_thread

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="mention" href="/compte/membres/(\d+)/">@([^<]+)</a>')


def _linked(text: str) -> str:
    return link_mentions(render_markdown(text), mention_names([text]))


def test_a_mention_links_to_the_members_profile(demo):
    camille = demo["porteur.a@labo.test"]
    html = _linked(f"Merci @{camille.display_name}, c'est très clair.")
    assert LINK.findall(html) == [(str(camille.pk), camille.display_name)]
    assert html.endswith(", c'est très clair.</p>\n") or ", c'est très clair.</p>" in html


def test_the_longest_name_wins_and_case_does_not_matter(demo):
    camille = demo["porteur.a@labo.test"]
    first = camille.display_name.split()[0]
    html = _linked(f"Bonjour @{camille.display_name.upper()} et @{first}x !")
    assert LINK.findall(html) == [(str(camille.pk), camille.display_name)]
    assert f"@{first}x" in html


def test_nothing_changes_inside_code_links_or_for_unknown_names(demo):
    camille = demo["porteur.a@labo.test"]
    name = camille.display_name
    text = f"`@{name}` et [@{name}](https://exemple.org) et @Personne Inconnue"
    html = _linked(text)
    assert LINK.findall(html) == []
    assert f"<code>@{name}</code>" in html and "@Personne Inconnue" in html


def test_markup_beside_a_name_stays_text(demo):
    camille = demo["porteur.a@labo.test"]
    html = _linked(f'@{camille.display_name} <script>alert("x")</script> <img src=x onerror=1>')
    assert "<script" not in html and "<img" not in html
    assert LINK.search(html)


# Also on SQLite, whose own UPPER() leaves « é » as it is (labo.core.expressions.UnicodeUpper).
@pytest.mark.sqlite
def test_a_page_of_replies_resolves_its_mentions_in_one_query(demo):
    camille, membre = demo["porteur.a@labo.test"], demo["membre@labo.test"]
    thread = make_thread(membre, body=f"Une question pour @{camille.display_name}.")
    make_replies(thread, [camille, membre], 30, text=f"Vu avec @{membre.display_name}")
    texts = [thread.body] + [f"Vu avec @{membre.display_name} n° {i}" for i in range(30)]
    with CaptureQueriesContext(connection) as captured:
        names = mention_names(texts)
    assert len(captured) == 1
    assert {pk for pk, _name in names.values()} >= {camille.pk, membre.pk}

    html = Client().get(thread.get_absolute_url()).content.decode()
    links = LINK.findall(html)
    assert (str(camille.pk), camille.display_name) in links
    assert links.count((str(membre.pk), membre.display_name)) == 30
