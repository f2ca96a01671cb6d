from django import template
from django.utils.translation import gettext as _
from wagtail.models import Site

from labo.core.models import NavigationSettings

register = template.Library()


def _link_url(value, request):
    page = value.get("page")
    if page is not None:
        return page.get_url(request)
    return value.get("url") or ""


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        menu = NavigationSettings.for_site(site).main_menu
        path = request.path
        for block in menu:
            url = _link_url(block.value, request)
            if not url:
                continue
            is_current = url == path if url == "/" else path.startswith(url)
            items.append({"label": block.value["label"], "url": url, "current": is_current})
    # No user on requests refused before the authentication middleware (a bad Host header
    # gets the 400 page, which has the menu too).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Discourse-like: the forum entry says how many threads have something new.
        from forum.selectors import unread_thread_count

        for item in items:
            if item["url"] == "/forum/":
                item["unread"] = unread_thread_count(user)
    return {"items": items, "request": request}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, trail=None):
    """Ancestors of a Wagtail page, or an explicit trail of (label, url) for app views."""
    request = context["request"]
    crumbs = []
    if page is not None:
        for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
            label = _("Accueil") if ancestor.depth == 2 else ancestor.title
            crumbs.append({"label": label, "url": ancestor.get_url(request)})
        crumbs.append({"label": page.title, "url": None})
    elif trail:
        crumbs.append({"label": _("Accueil"), "url": "/"})
        for label, url in trail:
            crumbs.append({"label": label, "url": url})
    return {"crumbs": crumbs}


@register.simple_tag(takes_context=True)
def link_url(context, value):
    return _link_url(value, context["request"])
