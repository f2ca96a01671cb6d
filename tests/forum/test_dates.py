"""The forum's dates as the server writes them: in full, marked for the browser to read as
relative times (tests/browser/test_relative_times.py), never « il y a … » in a page or fragment
a cache could keep for hours."""

import re

import pytest

from forum.models import Thread

pytestmark = pytest.mark.django_db


def test_the_server_writes_full_dates_only(client, demo):
    thread = Thread.objects.filter(category__members_only=False).first()
    for url in ("/forum/", f"/forum/{thread.category.slug}/", thread.get_absolute_url()):
        html = client.get(url).content.decode()
        # (« il y a deux ans » may stand in a post; a time the server computed may not.)
        assert not re.search(r"il y a \d", html) and "data-relative" in html, url
