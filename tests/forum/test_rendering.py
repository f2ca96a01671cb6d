"""A thread's replies written in Python (forum.rendering): every value from a person is
escaped where it lands, each address is the one `reverse` gives, and each action shows to
those who may take it only."""

import re

import pytest
from django.urls import reverse

from forum import services
from forum.models import Thread
from labo.accounts.models import User

pytestmark = pytest.mark.django_db

HOSTILE_NAME = "Zoé \"<b>x</b>' & Cie"
HOSTILE_TEXT = "</textarea><script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.fixture
def reply(demo):
    author = demo["porteur.b@labo.test"]
    User.objects.filter(pk=author.pk).update(display_name=HOSTILE_NAME)
    author.refresh_from_db()
    thread = Thread.objects.get(title__startswith="SCIA ou coopérative")
    return services.reply_create(thread=thread, user=author, text=HOSTILE_TEXT)


def _reply_html(client, reply) -> str:
    html = client.get(reverse("forum:reply", args=[reply.pk]), follow=True).content.decode()
    found = re.search(rf'<li id="reply-{reply.pk}".*?\n</li>', html, re.S)
    assert found, "the reply is on its page"
    return found.group(0)


def test_a_persons_values_are_escaped_wherever_they_land(demo, client, reply):
    client.force_login(demo["membre@labo.test"])
    html = _reply_html(client, reply)
    assert "<script>" not in html and "<b>x</b>" not in html and "<img src=x" not in html
    name = "Zoé &quot;&lt;b&gt;x&lt;/b&gt;&#x27; &amp; Cie"
    assert '<span class="post__author">' in html and f" {name}</span>" in html
    assert f'data-reply-name="{name}"' in html
    # The source a quotation starts from: the text as typed, escaped, inside its textarea.
    assert (
        ">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
        "&lt;img src=x onerror=alert(2)&gt;</textarea>"
    ) in html


def test_each_address_is_the_one_reverse_gives(demo, client, reply):
    client.force_login(demo["membre@labo.test"])
    html = _reply_html(client, reply)
    assert f'href="{reverse("forum:reply", args=[reply.pk])}"' in html
    assert f'href="{reverse("forum:flag", args=["reponse", reply.pk])}"' in html
    assert f'href="{reverse("conversations:start")}?a={reply.user_id}"' in html
    react = reverse("forum:react", args=["reponse", reply.pk])
    assert f'action="{react}" hx-post="{react}" hx-target="#reactions-reponse-{reply.pk}"' in html
    client.force_login(reply.user)
    html = _reply_html(client, reply)
    assert f'href="{reverse("forum:reply_edit", args=[reply.pk])}"' in html
    assert f'action="{reverse("forum:reply_delete", args=[reply.pk])}"' in html


def test_each_action_shows_to_those_who_may_take_it_only(demo, client, reply):
    html = _reply_html(client, reply)  # a visitor
    for action in ("<form", "Citer", "Modifier", "Signaler", "Message privé", "Modérer"):
        assert action not in html, action
    assert 'class="reaction reaction--static"' not in html  # no reaction yet: no counts
    client.force_login(demo["membre@labo.test"])
    html = _reply_html(client, reply)
    assert "Citer" in html and "Signaler" in html and "reactions__form" in html
    for action in ("Modifier", "Supprimer", "Modérer", "Niveau de confiance"):
        assert action not in html, action
    client.force_login(reply.user)  # its author: edits it, neither reacts nor flags
    html = _reply_html(client, reply)
    assert "Modifier" in html and "Supprimer" in html
    for action in ("reactions__form", "Signaler", "Message privé", "Modérer"):
        assert action not in html, action
    client.force_login(demo["moderation@labo.test"])
    html = _reply_html(client, reply)
    assert "Modérer" in html and "Niveau de confiance" in html and "Modifier" in html
