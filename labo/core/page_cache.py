"""Facts about the page tree that every page asks for and that change only when an editor acts:
which sections are private, and what the menu and the footer link to. They live in the shared
cache and are dropped by the signals that change them (`connect_page_cache_signals`), so a
list of public pages or the layout costs no query once warm.
"""

import time

from django.core.cache import cache
from django.db.models import Q

PRIVATE_PATHS_KEY = "labo:private-page-paths"
LAYOUT_VERSION_KEY = "labo:layout-version"


def private_paths() -> list[str]:
    """Tree paths of the pages that carry a view restriction (a password, signed-in people or
    groups): each covers its own page and every page below it."""
    paths = cache.get(PRIVATE_PATHS_KEY)
    if paths is None:
        from wagtail.models import PageViewRestriction

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


def layout_version() -> int:
    """Part of the cache keys of the menu and the footer: changes when pages or the site's
    settings do."""
    version = cache.get(LAYOUT_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(LAYOUT_VERSION_KEY, version, None)
    return version


def _privacy_changed(**kwargs) -> None:
    cache.delete(PRIVATE_PATHS_KEY)


def _layout_changed(**kwargs) -> None:
    cache.set(LAYOUT_VERSION_KEY, time.time_ns(), None)


def _tree_changed(**kwargs) -> None:
    _privacy_changed()
    _layout_changed()


def connect_page_cache_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from labo.core.models import NavigationSettings, SiteSettings

    for model in (PageViewRestriction,):
        post_save.connect(_privacy_changed, sender=model, dispatch_uid="labo.privacy.save")
        post_delete.connect(_privacy_changed, sender=model, dispatch_uid="labo.privacy.delete")
    for model in (NavigationSettings, SiteSettings):
        post_save.connect(_layout_changed, sender=model, dispatch_uid=f"labo.layout.{model}")
    page_published.connect(_layout_changed, dispatch_uid="labo.layout.published")
    page_unpublished.connect(_layout_changed, dispatch_uid="labo.layout.unpublished")
    post_page_move.connect(_tree_changed, dispatch_uid="labo.tree.moved")
    post_delete.connect(_tree_changed, sender=Page, dispatch_uid="labo.tree.deleted")
