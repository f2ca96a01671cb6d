from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from labo.core import menu, versioned_cache
from labo.core.forms import unbound_state
from labo.core.fragments import cached_fragment, request_host
from labo.core.models import NavigationSettings
from labo.core.page_cache import layout_version
from labo.core.routing import site_for_request

register = template.Library()


def _link_url(value, request):
    page = value.get("page")
    if page is not None:
        return page.get_url(request)
    return value.get("url") or ""


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    path = request.path
    items = [
        {"label": label, "url": url, "current": url == path if url == "/" else path.startswith(url)}
        for label, url in _menu_links(request)
    ]
    # No user on requests refused before the authentication middleware (a bad Host header
    # gets the 400 page, which has the menu too).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for badge in menu.badges:
            for item in items:
                if item["url"] == badge.url:
                    item["unread"] = badge.count(user)
    return {"items": items, "request": request}


def _menu_links(request) -> list[tuple[str, str]]:
    """(label, url) of the main menu, the same for everyone on a site: cached until a page
    is published, moved or deleted, or the menu edited (labo.core.page_cache)."""
    key = f"labo:menu:{request_host(request)}:{layout_version()}"
    links = versioned_cache.get(key)
    if links is None:
        site = site_for_request(request)
        links = []
        if site is not None:
            for block in NavigationSettings.for_site(site).main_menu:
                url = _link_url(block.value, request)
                if url:
                    links.append((block.value["label"], url))
        versioned_cache.set(key, links, 24 * 3600)
    return links


@register.simple_tag(takes_context=True)
def layout_cache_key(context) -> str:
    """For {% cache %} around parts of the layout that are the same for everyone on a site."""
    request = context["request"]
    return f"{request_host(request)}:{layout_version()}"


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, trail=None):
    """Ancestors of a Wagtail page, or an explicit trail of (label, url) for app views."""
    request = context["request"]
    crumbs = []
    if page is not None:
        crumbs = _ancestor_crumbs(request, page)
        crumbs.append({"label": page.title, "url": None})
    elif trail:
        crumbs.append({"label": _("Accueil"), "url": "/"})
        for label, url in trail:
            crumbs.append({"label": label, "url": url})
    return {"crumbs": crumbs}


def _ancestor_crumbs(request, page) -> list[dict]:
    """The links to a page's ancestors: their titles and addresses change only when a page is
    published or moved, so they come from the cache (labo.core.page_cache)."""
    key = f"labo:crumbs:{request_host(request)}:{layout_version()}:{page.path}"
    crumbs = versioned_cache.get(key)
    if crumbs is None:
        crumbs = [
            {
                "label": _("Accueil") if ancestor.depth == 2 else ancestor.title,
                "url": ancestor.get_url(request),
            }
            for ancestor in page.get_ancestors().filter(depth__gt=1)
        ]
        versioned_cache.set(key, crumbs, 24 * 3600)
    return list(crumbs)


@register.simple_tag
def page_window(page_obj, each_side: int = 2) -> range:
    """The page numbers around the current one: a list of 3,000 pages of search results must
    not loop over every number to show five."""
    number, last = page_obj.number, page_obj.paginator.num_pages
    return range(max(1, number - each_side), min(last, number + each_side) + 1)


@register.simple_tag(takes_context=True)
def link_url(context, value):
    return _link_url(value, context["request"])


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, visitors_only):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.visitors_only = visitors_only

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if (
            context.get("is_preview")
            or getattr(request, "is_preview", False)
            or (self.visitors_only and user is not None and user.is_authenticated)
        ):
            # A draft shown to its editors (Wagtail's preview, a project's latest version), or
            # a part that shows a member what they read: never the shared fragment.
            return self.nodelist.render(context)
        return cached_fragment(
            request,
            self.name.resolve(context),
            [value.resolve(context) for value in self.vary_on],
            lambda: self.nodelist.render(context),
        )


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value… %}…{% endfragment %}`: what it encloses, rendered once per
    content version, site, audience and values (labo.core.fragments). Nothing personal inside:
    no form with a CSRF token, no follow button, no one's own posts. Previews are rendered
    afresh. Ending with `visitors_only`: only visitors share it; signed-in people get it
    rendered for them (their read marks, their own held posts)."""
    bits = token.split_contents()
    visitors_only = bits[-1] == "visitors_only"
    if visitors_only:
        bits = bits[:-1]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        visitors_only,
    )


@register.simple_tag(takes_context=True)
def unbound_form(context, form):
    """`{% unbound_form form %}`: the form's fields as `{{ form }}` renders them, rendered once
    per state (`labo.core.forms.unbound_state`: its fields, choices and initial values) in the
    cache of fragments. Django's form templates cost ~0.5 ms a field; an application's page
    shows some forty. Bound forms (with what was typed and its errors) and forms whose choices
    come from a queryset are always rendered."""
    state = unbound_state(form)
    if state is None:
        return str(form)
    # A one-time token is stored as a placeholder and given its value of this time.
    fresh = {
        f"labo-fresh-value-of-{name}": str(form[name].value())
        for name in getattr(form, "fresh_fields", ())
    }

    def render() -> str:
        html = str(form)
        for placeholder, value in fresh.items():
            html = html.replace(value, placeholder)
        return html

    html = cached_fragment(context.get("request"), "unbound-form", [state], render)
    for placeholder, value in fresh.items():
        html = html.replace(placeholder, value)
    # Reviewed: the HTML is Django's own rendering of the form, escaped by its templates.
    return mark_safe(html)  # noqa: S308  # nosec
