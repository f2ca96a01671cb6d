"""The frame of every page — the main menu and the footer — as plain data (`SiteLayout`).

Both come from the site's settings (NavigationSettings, SiteSettings), whose links point to
pages and whose partners have logos: showing them meant reading the settings, the pages they
link to, the logos and their renditions on every request (six queries). They change only
when the layout does, so `layout_refresh` builds them again on each write that moves the
layout version (`labo.caching.versions.layout_moved`) and on `migrate`; a page reads the
site's row once per request (`layout_for`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site

from labo.caching import local as versioned_cache
from labo.caching.versions import layout_version
from labo.core.models import NavigationSettings, SiteLayout, SiteSettings
from labo.core.routing import site_for_request

LOGO_FILTER = "height-48"


def _link(value, site: Site) -> str:
    page = value.get("page")
    if page is not None:
        return page.get_url(current_site=site) or ""
    return value.get("url") or ""


def _links(stream, site: Site) -> list[dict]:
    links = ({"label": block.value["label"], "url": _link(block.value, site)} for block in stream)
    return [link for link in links if link["url"]]


def _partners(settings: SiteSettings) -> list[dict]:
    blocks = settings.footer_partners.raw_data
    ids = [block["value"].get("logo") for block in blocks]
    logos = {
        image.pk: image
        for image in get_image_model()
        .objects.filter(pk__in=[pk for pk in ids if pk])
        .prefetch_renditions(LOGO_FILTER)
    }
    partners = []
    for block in blocks:
        value = block["value"]
        logo = logos.get(value.get("logo"))
        rendition = logo.get_rendition(LOGO_FILTER) if logo else None
        partners.append(
            {
                "name": value.get("name", ""),
                "url": value.get("url", ""),
                "logo": {"src": rendition.url, "width": rendition.width, "height": rendition.height}
                if rendition
                else None,
            }
        )
    return partners


def _type_label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def _sections(site: Site) -> dict[str, dict]:
    """The site's home page and the live pages right under it, by tree path: the ancestors
    of most pages, for their breadcrumbs, and the directories the home page links to (by
    their page type, « app_label.model »)."""
    root = site.root_page
    children = root.get_children().live().only("path", "url_path", "title", "depth", "content_type")
    return {
        page.path: {
            "title": page.title,
            "url": page.get_url(current_site=site),
            "type": _type_label(ContentType.objects.get_for_id(page.content_type_id)),
        }
        for page in [root, *children]
    }


def _settings_of(model, site: Site):
    """The site's settings as saved, or empty ones: never created here (`for_site` would
    write a row, and this runs in the middle of cascades that may be deleting the site)."""
    return model.objects.filter(site=site).first() or model(site=site)


def layout_build(site: Site) -> dict:
    """What the menu, the footer and the breadcrumbs' first steps of `site` show."""
    settings = _settings_of(SiteSettings, site)
    return {
        # Every page under a view restriction (for all sites): what labo.caching.versions
        # reads per request, given here with the frame the page reads anyway.
        "private_paths": sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
        "sections": _sections(site),
        "menu": [
            (link["label"], link["url"])
            for link in _links(_settings_of(NavigationSettings, site).main_menu, site)
        ],
        "footer": {
            "contact_email": settings.contact_email,
            "addresses": [
                {"name": block.value["name"], "address": block.value["address"]}
                for block in settings.addresses
            ],
            "cress_website": settings.cress_website,
            "partners": _partners(settings),
            "links": _links(settings.footer_links, site),
            "social_links": _links(settings.social_links, site),
        },
    }


def layout_refresh(**kwargs) -> None:
    """Build every site's frame again (a receiver of `layout_moved`, and after `migrate`)."""
    with transaction.atomic():
        sites = list(Site.objects.select_related("root_page"))
        SiteLayout.objects.exclude(site_id__in=[site.pk for site in sites]).delete()
        for site in sites:
            built = layout_build(site)
            SiteLayout.objects.update_or_create(
                site_id=site.pk,
                defaults={
                    "menu": built["menu"],
                    "footer": built["footer"],
                    "sections": built["sections"],
                    "private_paths": built["private_paths"],
                },
            )


def layout_for(request) -> dict:
    """The frame of the request's site, read with the sites (labo.core.routing, kept under
    the layout version: warm, a page reads no row at all); built on the spot for a site whose
    row is missing, and kept under the layout version until it is stored."""
    cached = getattr(request, "_labo_layout", None)
    if cached is None:
        site = site_for_request(request)
        if site is None:
            cached = {"menu": [], "footer": {}, "sections": {}, "private_paths": None}
        elif getattr(site, "labo_frame", None) is not None:
            cached = site.labo_frame
        else:
            key = f"labo:layout:{site.pk}:{layout_version()}"
            cached = versioned_cache.get(key)
            if cached is None:
                cached = layout_build(site)
                versioned_cache.set(key, cached, 24 * 3600)
        request._labo_layout = cached
    return cached


def section_url_of_type(request, model) -> str | None:
    """The address of the first public page of `model` right under the site's home page, as
    the frame names it; None when the frame names none (or was built before it named types)."""
    layout = layout_for(request)
    label = _type_label(ContentType.objects.get_for_model(model))
    private = layout.get("private_paths") or []
    sections = layout.get("sections") or {}
    for path in sorted(sections):
        section = sections[path]
        if section.get("type") == label and not any(path.startswith(p) for p in private):
            return section["url"]
    return None


def private_paths_of(request) -> list[str] | None:
    """The private paths for labo.caching.versions, from the request's frame."""
    return layout_for(request).get("private_paths")
