"""Wagtail's page serving with the page tree lookups taken from the shared cache.

For `/projets/<slug>/` Wagtail asks the database for the site, then, segment by segment, for
each child and its specific page: seven queries before the page does anything. Which page an
address leads to changes only when a page is published, unpublished, moved or deleted, or a
site edited — the events that move the layout version on (`labo.caching.versions`). So:

- the sites are kept in the cache and the request's site is picked from them;
- the page at an address is found by its `url_path` (one query, indexed), loaded as its
  specific page (one more) and handed to Wagtail as the request's route; the address is
  remembered as (model, id) and the page kept, so that a warm request makes no query.

Wagtail then serves as usual: view restrictions, `serve()`, before/after hooks, the password
form; an address no live page has (a page's own sub-route, a 404), and every POST, go
through its own routing.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import JSONField, OuterRef, Subquery
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from labo.caching import local as versioned_cache
from labo.caching.versions import content_version, layout_version
from labo.core.models import SiteLayout
from labo.prepared import PreparedQuery

SITES_KEY = "labo:sites"
# What a page reads of its site's frame (labo.core.layout), read with the sites.
FRAME_FIELDS = ("menu", "footer", "sections", "private_paths")


def _sites_with_frames():
    frames = SiteLayout.objects.filter(site_id=OuterRef("pk"))
    return (
        Site.objects.select_related("root_page__locale")
        .annotate(
            **{
                f"frame_{name}": Subquery(frames.values(name)[:1], output_field=JSONField())
                for name in FRAME_FIELDS
            }
        )
        .order_by("pk")
    )


SITES_WITH_FRAMES = PreparedQuery(_sites_with_frames)


def _sites(request) -> list[Site]:
    """Every site with its root page and its frame (`site.labo_frame`, None for a site whose
    frame is not built yet), in one query: both are kept under the layout version, and with
    every cache empty a page would otherwise pay a second query for its frame."""
    key = f"{SITES_KEY}:{layout_version()}"
    sites = versioned_cache.get(key)
    if sites is None:
        sites = SITES_WITH_FRAMES.rows()
        for site in sites:
            # A stored frame always has a menu (a list, maybe empty): None means no row.
            site.labo_frame = (
                {name: getattr(site, f"frame_{name}") for name in FRAME_FIELDS}
                if site.frame_menu is not None
                else None
            )
        versioned_cache.set(key, sites, 24 * 3600)
    return sites


def _root_paths(sites: list[Site]) -> list[SiteRootPath]:
    """What `Site.get_site_root_paths()` gives (the address of every page link), made from
    the sites already read: Wagtail would ask the database again on each request whose
    cache misses. Same order as Wagtail's: most specific root path first. The site runs in
    one language (no WAGTAIL_I18N_ENABLED), so each site has one root."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in ordered
    ]


def site_for_request(request) -> Site | None:
    """Wagtail's choice (`Site.find_for_request`): the site of this hostname and port, else the
    only one of this hostname, else the default site."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = int(request.get_port() or 80)
    sites = _sites(request)
    # Read by Page.get_url_parts for every link of the page (Wagtail's own request memo).
    request._wagtail_cached_site_root_paths = _root_paths(sites)
    same_host = [site for site in sites if site.hostname == hostname]
    exact = [site for site in same_host if site.port == port]
    if exact:
        site = exact[0]
    elif len(same_host) == 1:
        site = same_host[0]
    else:
        site = next((site for site in sites if site.is_default_site), None)
    request._wagtail_site = site
    return site


def _route_key(request, site: Site, path: str) -> str:
    return f"labo:route:{site.pk}:{layout_version()}:{path}"


def _remembered_route(request, site: Site, path: str) -> RouteResult | None:
    remembered = versioned_cache.get(_route_key(request, site, path))
    if remembered is None:
        return None
    page = _remembered_page(*remembered)
    return RouteResult(page) if page is not None else None


def _page_key(label: str, pk: int) -> str:
    return f"labo:route-page:{content_version()}:{label}:{pk}"


def _live_page(label: str, pk: int):
    model = apps.get_model(label)
    pages = model.objects.filter(pk=pk, live=True)
    # What the page shows of its foreign keys comes in the same query (a page model lists
    # them): the same number of queries whether the page has a commune or not.
    related = getattr(model, "route_select_related", ())
    return (pages.select_related(*related) if related else pages).order_by("pk")[:1]


# Kept for the most visited pages of each worker: the SQL differs by page type and id only.
LIVE_PAGE = PreparedQuery(_live_page, kept=64)


def _remembered_page(label: str, pk: int):
    """The live page, kept under the content version, which any save of a page moves on: each
    request gets its own copy, unpickled (labo.caching.local)."""
    page_key = _page_key(label, pk)
    page = versioned_cache.get(page_key)
    if page is None:
        page = LIVE_PAGE.first(label=label, pk=pk)
        if page is None:
            return None
        versioned_cache.set(page_key, page, 3600)
    return page


def _page_at_address(url_path: str):
    return (
        Page.objects.filter(url_path=url_path, live=True)
        .values_list("pk", "content_type_id")
        .order_by("pk")[:1]
    )


PAGE_AT_ADDRESS = PreparedQuery(_page_at_address, kept=64)


def _route_by_address(request, site: Site, path: str) -> RouteResult | None:
    """The live page at this address, found by its `url_path` in one query (an index of core
    migration 0006) instead of Wagtail's walk down the tree (a query per level and one per
    specific page), then remembered. None for an address no page has: Wagtail decides (a
    page's own sub-route, or a 404)."""
    if not path:  # the home page: the site's root, already read with the site
        found = (site.root_page_id, site.root_page.content_type_id)
    else:
        found = PAGE_AT_ADDRESS.first(url_path=site.root_page.url_path + path)
    if found is None:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = _remembered_page(model._meta.label, pk) if model is not None else None
    if page is None:
        return None
    versioned_cache.set(_route_key(request, site, path), (page._meta.label, pk), 24 * 3600)
    return RouteResult(page)


def serve(request, path):
    site = site_for_request(request)
    if site is None:
        return wagtail_serve(request, path)
    if request.method in ("GET", "HEAD"):
        route = _remembered_route(request, site, path) or _route_by_address(request, site, path)
        if route is not None:
            request._wagtail_route_for_request = route
    return wagtail_serve(request, path)
