"""Facts about the page tree that every page asks for and that change only when an editor acts:
which sections are private, and what the menu and the footer link to. They live in the shared
cache and are dropped by the signals that change them (`connect_page_cache_signals`), so a
list of public pages or the layout costs no query once warm.

The content version, moved on by any write a visitor could see, keys the anonymous page cache
(`labo.caching.page_cache`, through `recent_content_version`) and every kept fragment.
"""

import time
from dataclasses import dataclass

from asgiref.local import Local
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from labo.caching import local as versioned_cache

PRIVATE_PATHS_KEY = "labo:private-page-paths"
LAYOUT_VERSION_KEY = "labo:layout-version"
CONTENT_VERSION_KEY = "labo:content-version"


@dataclass(frozen=True)
class Version:
    """A number kept in the shared cache that the writes of some tables move on; every value
    kept under it is then no longer asked for. What moves each is declared per model
    (labo.caching.writes)."""

    name: str  # read once per request under this name
    key: str
    meaning: str

    def read(self) -> int:
        return scoped_version(self.key, self.name)

    def move(self) -> None:
        """Now, for the rest of this request, and again when the transaction commits."""
        move_version_on(self.key, self.name)


CONTENT = Version(
    "content", CONTENT_VERSION_KEY, "anything a visitor or a member could see on a page"
)
LAYOUT = Version("layout", LAYOUT_VERSION_KEY, "the menu, the footer, the sites and the routes")
ACCESS = Version(
    "access",
    "labo:access-version",
    "who someone is: groups, partner organisations, project roles, second factor",
)
APPLICATIONS = Version(
    "applications",
    "labo:applications-version",
    "what the lists of applications show or filter on (never public)",
)
VERSIONS = (CONTENT, LAYOUT, ACCESS, APPLICATIONS)


def private_paths() -> list[str]:
    """Tree paths of the pages that carry a view restriction (a password, signed-in people or
    groups): each covers its own page and every page below it."""
    return _read_once("private", _read_private_paths)


# Where a request may read its private paths instead of the shared cache: the site's frame,
# which the page reads anyway (labo.core.layout registers it). It answers None when it cannot.
_private_paths_source = None


def register_private_paths_source(source) -> None:
    """`source(request)`: the private paths, or None."""
    global _private_paths_source
    _private_paths_source = source


def _read_private_paths() -> list[str]:
    request = getattr(_request_scope, "request", None)
    values = getattr(_request_scope, "values", None) or {}
    # After a privacy write in this request, only the database is right.
    if request is not None and _private_paths_source is not None and "privacy" not in values:
        paths = _private_paths_source(request)
        if paths is not None:
            return paths
    paths = cache.get(PRIVATE_PATHS_KEY)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(PRIVATE_PATHS_KEY, paths, None)
    return paths


def public(queryset):
    """`queryset` without the pages of private sections: Wagtail's `.public()`, with the
    restrictions read from the cache instead of the database on every call."""
    private = Q()
    for path in private_paths():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


class CachedViewRestrictionsMixin:
    """For every page model of the site: Wagtail checks the view restrictions of a page and
    its ancestors on each request (two queries); a page outside every private section — known
    from the cache — has none, so the check costs nothing there."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for path in private_paths()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# The versions and the private paths, read once per request (RequestScopeMiddleware): a page
# asks for them a dozen times. A write in the request forgets what was read (`_forget`).
_request_scope = Local()


class RequestScopeMiddleware:
    """First of the middleware: opens the request's scope, closes it when the response is
    made. Outside a request (tasks, commands) every call reads the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_scope.values = {}
        _request_scope.request = request
        try:
            return self.get_response(request)
        finally:
            del _request_scope.values
            del _request_scope.request


def _read_once(name: str, read):
    values = getattr(_request_scope, "values", None)
    if values is None:
        return read()
    if name not in values:
        values[name] = read()
    return values[name]


def _forget(name: str) -> None:
    values = getattr(_request_scope, "values", None)
    if values is not None:
        values.pop(name, None)


def _version(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), None)
        version = cache.get(key)
    return version


def every_version_moved() -> None:
    """After an upgrade (`migrate`, labo.core.apps): new templates or code may show a kept
    fragment or value differently, so nothing kept before is served again."""
    for version in VERSIONS:
        _move_on(version.key, version.name)


def scoped_version(key: str, name: str) -> int:
    """The version kept under `key`, read once per request under `name` (`Version.read`).

    The first version a request asks for brings every other it has not read yet in the same
    round trip to Redis: a signed-in page reads three or four of them, one after the other,
    each a round trip, otherwise."""
    values = getattr(_request_scope, "values", None)
    if values is None:  # outside a request
        return _version(key)
    if name not in values:
        unread = {version.key: version.name for version in VERSIONS if version.name not in values}
        unread[key] = name
        found = cache.get_many(list(unread))
        for unread_key, unread_name in unread.items():
            if found.get(unread_key) is not None:
                values[unread_name] = found[unread_key]
        if name not in values:  # never set yet: made now
            values[name] = _version(key)
    return values[name]


def move_version_on(key: str, name: str) -> None:
    """Move the version under `key` on: now, for the rest of this request, and on commit."""
    now_and_on_commit(lambda: _move_on(key, name))


def layout_version() -> int:
    """Part of the cache keys of the menu, the footer, the sites and the routes: changes when
    pages or the site's settings do."""
    return scoped_version(LAYOUT_VERSION_KEY, LAYOUT.name)


def content_version() -> int:
    """Part of the key of every page in the anonymous page cache
    (`labo.caching.page_cache`), of every cached fragment (`labo.caching.fragments`) and of
    every value kept under it: changes with any write a visitor could see. Read once per
    request, so that the fragments of one page agree."""
    return scoped_version(CONTENT_VERSION_KEY, CONTENT.name)


# Each process's own memory (`CACHES["pages"]`), for the anonymous page cache alone.
PROCESS_ALIAS = "pages"
RECENT_CONTENT_VERSION_KEY = "labo:recent-content-version"
# How long a process trusts the content version it read: the round trip to Redis it saves was
# the largest cost of serving a stored page (docs/performance.md).
RECENT_CONTENT_VERSION_SECONDS = 0.1


def recent_content_version() -> int:
    """The content version as this process read it a tenth of a second ago at most: for the
    anonymous page cache, where a visitor's page may lag a write made in *another* process by
    that much. A write in this process forgets it at once (`_move_on`). Everything else —
    fragments, every signed-in page — reads the version itself (`content_version`), so people
    always see their own writes."""
    local = caches[PROCESS_ALIAS]
    version = local.get(RECENT_CONTENT_VERSION_KEY)
    if version is None:
        version = content_version()
        local.set(RECENT_CONTENT_VERSION_KEY, version, RECENT_CONTENT_VERSION_SECONDS)
    return version


def once_per_request(name: str, compute):
    """`compute()` once in this request (every call outside one): for a value several parts
    of a page ask for, whatever the caches hold. `name` must say everything it depends on."""
    return _read_once(f"once:{name}", compute)


def under_content_version(key: str, compute, *, timeout: int = 3600):
    """`compute()` once per content version: what only changes when content does (counts,
    activity, search results, rendered fragments), kept in the shared cache. `key` names the
    value and everything it depends on (audience, filters…); `compute` must not return None."""
    full_key = f"labo:cv:{content_version()}:{key}"
    value = versioned_cache.get(full_key)
    if value is None:
        value = compute()
        versioned_cache.set(full_key, value, timeout)
    return value


def now_and_on_commit(action) -> None:
    """Run `action` now, for the rest of this request, and again once the transaction commits,
    so that a request that read the old rows in between cannot keep what they gave."""
    action()
    transaction.on_commit(action)


def content_changed() -> None:
    """Drop every page of the anonymous page cache and every value kept under the content
    version: now and again on commit. Services that write with `QuerySet.update()` (no
    signal) call it themselves."""
    move_version_on(CONTENT_VERSION_KEY, "content")


def _move_on(key: str, name: str) -> None:
    cache.set(key, time.time_ns(), None)
    _forget(name)
    if key == CONTENT_VERSION_KEY:
        caches[PROCESS_ALIAS].delete(RECENT_CONTENT_VERSION_KEY)


def _privacy_changed(**kwargs) -> None:
    cache.delete(PRIVATE_PATHS_KEY)
    _forget("private")
    values = getattr(_request_scope, "values", None)
    if values is not None:
        values["privacy"] = "written"


# Sent whenever the layout version moves (a page published, unpublished, moved or deleted,
# a site or the site's settings saved): what is built from the layout listens
# (labo.core.layout).
layout_moved = Signal()


def _layout_changed(**kwargs) -> None:
    _move_on(LAYOUT_VERSION_KEY, "layout")
    content_changed()
    layout_moved.send(sender=None)


def _tree_changed(**kwargs) -> None:
    _privacy_changed()
    _layout_changed()


def connect_page_cache_signals(*, settings_models: tuple) -> None:
    """`settings_models`: the site settings the frame is drawn from (labo.core's)."""
    for model in (PageViewRestriction,):
        # The private paths travel with the site's frame too (labo.core.layout): the layout
        # moves with them.
        post_save.connect(_tree_changed, sender=model, dispatch_uid="labo.privacy.save")
        post_delete.connect(_tree_changed, sender=model, dispatch_uid="labo.privacy.delete")
    for model in settings_models:
        post_save.connect(_layout_changed, sender=model, dispatch_uid=f"labo.layout.{model}")
    page_published.connect(_layout_changed, dispatch_uid="labo.layout.published")
    page_unpublished.connect(_layout_changed, dispatch_uid="labo.layout.unpublished")
    post_page_move.connect(_tree_changed, dispatch_uid="labo.tree.moved")
    post_delete.connect(_tree_changed, sender=Page, dispatch_uid="labo.tree.deleted")
    post_save.connect(_layout_changed, sender=Site, dispatch_uid="labo.layout.site.save")
    post_delete.connect(_layout_changed, sender=Site, dispatch_uid="labo.layout.site.delete")
