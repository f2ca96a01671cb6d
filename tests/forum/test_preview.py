"""The preview of a post: members only, by POST, through the same sanitiser as a post, and
bounded like a post; nothing is saved."""

import pytest
from django.test import Client

from forum.models import Reply, Thread
from tests.forum.test_rendering_safety import XSS_CORPUS, _dangers

pytestmark = pytest.mark.django_db


def test_only_members_may_preview(demo, client, login):
    assert Client().post("/forum/apercu/", {"text": "**bonjour**"}).status_code == 403
    member = login("membre@labo.test")
    assert member.get("/forum/apercu/").status_code == 405
    response = member.post("/forum/apercu/", {"text": "**bonjour**"})
    assert response.status_code == 200
    assert "<strong>bonjour</strong>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_preview_is_sanitised_like_a_post_and_saves_nothing(demo, login):
    member = login("membre@labo.test")
    threads, replies = Thread.objects.count(), Reply.objects.count()
    for payload in XSS_CORPUS:
        html = member.post("/forum/apercu/", {"text": payload}).content.decode()
        assert _dangers(html) == [], payload
    assert (Thread.objects.count(), Reply.objects.count()) == (threads, replies)


def test_an_empty_or_huge_text_gets_an_answer_not_an_error(demo, login):
    member = login("membre@labo.test")
    empty = member.post("/forum/apercu/", {"text": ""})
    assert empty.status_code == 200 and "Rien à prévisualiser" in empty.content.decode()
    huge = member.post("/forum/apercu/", {"text": "mot " * 50_000})
    assert huge.status_code == 200
    assert huge.content.decode().count("mot") <= 20_000 // 4 + 1
