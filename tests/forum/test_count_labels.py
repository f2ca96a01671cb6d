"""A thread's counts read as French: « 1 réponse », « 2 réponses », wherever a thread is
listed (forum_tags filters, shared by the rows, the cards and the thread)."""

import pytest

from forum.models import Thread
from forum.templatetags.forum_tags import reply_count_label, view_count_label

pytestmark = pytest.mark.django_db


def test_one_and_several():
    assert reply_count_label(1) == "1 réponse"
    assert reply_count_label(2) == "2 réponses"
    assert view_count_label(1) == "1 vue"
    assert view_count_label(1200) == "1200 vues"


def test_a_category_lists_its_threads_with_their_counts(demo, client):
    thread = Thread.objects.filter(category__members_only=False, reply_count__gt=1).first()
    Thread.objects.filter(pk=thread.pk).update(view_count=1)
    html = client.get(thread.category.get_absolute_url()).content.decode()
    assert f"{thread.reply_count} réponses · 1 vue" in html
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f"{thread.reply_count} réponses · 1 vue" in html
