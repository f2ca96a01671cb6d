"""The versions a request reads (labo.caching.versions): once per request, all in one round
trip to Redis, and the same value from the first read to the last."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from labo.caching import versions
from labo.caching.versions import (
    ACCESS,
    APPLICATIONS,
    CONTENT,
    LAYOUT,
    VERSIONS,
    RequestScopeMiddleware,
    content_version,
    layout_version,
)


@pytest.fixture
def known_versions():
    """Every version set, as after any write."""
    for version in VERSIONS:
        version.read()  # outside a request: read (and made) in the shared cache
    return {version.name: cache.get(version.key) for version in VERSIONS}


def _in_a_request(view):
    return RequestScopeMiddleware(view)(RequestFactory().get("/"))


def test_the_first_version_a_request_reads_brings_every_other(known_versions):
    seen = {}

    def view(request):
        seen["content"] = content_version()
        seen["read so far"] = dict(versions._request_scope.values)
        # Another process moves the layout and who is who meanwhile: this request keeps what
        # it read, so that every part of one page agrees.
        cache.set(LAYOUT.key, known_versions["layout"] + 1, None)
        cache.set(ACCESS.key, known_versions["access"] + 1, None)
        seen["layout"], seen["access"] = layout_version(), ACCESS.read()
        seen["applications"] = APPLICATIONS.read()
        return HttpResponse()

    _in_a_request(view)
    assert seen["read so far"] == known_versions
    assert seen["content"] == known_versions["content"] == CONTENT.read()
    assert seen["layout"] == known_versions["layout"] != layout_version()
    assert seen["access"] == known_versions["access"] != ACCESS.read()
    assert seen["applications"] == known_versions["applications"]


def test_a_version_moved_by_the_request_itself_is_read_again(known_versions, db):
    seen = {}

    def view(request):
        before = content_version()
        CONTENT.move()
        seen["before"], seen["after"] = before, content_version()
        seen["layout"] = layout_version()
        return HttpResponse()

    _in_a_request(view)
    assert seen["after"] != seen["before"] == known_versions["content"]
    assert seen["layout"] == known_versions["layout"]


def test_a_version_never_set_is_made_in_the_request(known_versions):
    cache.delete(APPLICATIONS.key)
    seen = {}

    def view(request):
        seen["content"] = content_version()
        seen["applications"] = APPLICATIONS.read()
        return HttpResponse()

    _in_a_request(view)
    assert seen["applications"] == cache.get(APPLICATIONS.key) is not None
    assert seen["content"] == known_versions["content"]
