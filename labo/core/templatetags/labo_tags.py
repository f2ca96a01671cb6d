import zlib

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Page

from labo.accounts.permissions import can_see_photo
from labo.accounts.services import AVATAR_SIZE
from labo.caching import local as versioned_cache
from labo.caching.fragments import FRAGMENTS, cached_fragment, request_host
from labo.caching.versions import layout_version
from labo.core.layout import layout_for
from labo.core.menu import counts_for, personal_counts
from labo.geography import map_context
from labo.notifications.text import plain_text as markdown_plain_text

register = template.Library()


@register.filter
def upcoming(moment):
    """The date if it is still to come, else None: « prochain rendez-vous » only for one that
    has not begun."""
    return moment if moment is not None and moment > timezone.now() else None


@register.filter
def plain_text(markdown: str) -> str:
    """A notification's Markdown as plain text (labo.notifications.text)."""
    return markdown_plain_text(markdown)


@register.filter
def initials(name: str) -> str:
    """« Camille Martin » → « CM »: the avatar of someone without a photo."""
    words = [word for word in (name or "").replace("-", " ").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


# As many colours as the stylesheet has `.avatar--N` classes (static/css/labo.css).
AVATAR_COLOURS = 8


def _photo(person, viewer):
    """The person's photo, if their profile was read with them (`select_related("…profile")`:
    never a query per avatar) and this viewer may see it."""
    # __class__, not type(): the signed-in person is a lazy object standing for their account.
    relation = getattr(person.__class__, "profile", None)
    if relation is None or not relation.related.is_cached(person):
        return None
    profile = getattr(person, "profile", None)  # joined: no query (none when they have none)
    if profile is None or not can_see_photo(viewer, profile):
        return None
    return profile.avatar


@register.simple_tag(takes_context=True)
def avatar(context, person, size: str = "") -> str:
    """A member's photo where their profile may be seen, else their initials on a colour of
    their own (the same wherever they appear, derived from their account, not random); hidden
    from screen readers: their name is always beside it."""
    request = context.get("request")
    photo = _photo(person, getattr(request, "user", None)) if person is not None else None
    if photo:
        return format_html(
            '<img class="avatar avatar--photo{}" src="{}" alt="" width="{}" height="{}" '
            'loading="lazy" decoding="async">',
            f" avatar--{size}" if size else "",
            photo.url,
            AVATAR_SIZE,
            AVATAR_SIZE,
        )
    name = getattr(person, "display_name", "") or str(person or "")
    colour = zlib.crc32(str(getattr(person, "pk", name)).encode()) % AVATAR_COLOURS
    return format_html(
        '<span class="avatar avatar--{}{}" aria-hidden="true">{}</span>',
        colour,
        f" avatar--{size}" if size else "",
        initials(name),
    )


@register.simple_tag
def moment(value) -> str:
    """`<time datetime="…" data-relative>6 décembre 2026 à 18:02</time>` (static/js/
    relative-times.js says « il y a 3 minutes » from it), the bytes Django's `date` filters
    give with "c" and "j F Y à H:i", in the current time zone: written in Python, since each
    `date` filter parses its format again (90 µs a reply, 2.7 ms for a page of 30); nothing
    without a date."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}" data-relative>{} {} {} à {}</time>',
        local.isoformat(),
        local.day,
        MONTHS[local.month],
        local.year,
        local.strftime("%H:%M"),
    )


@register.simple_tag
def picture(shown, css_class: str = "", eager: bool = False) -> str:
    """A picture from labo.core.pictures (`srcset`, width and height), lazy unless `eager`
    (the first picture of a page, above the fold). Nothing without one."""
    if not shown:
        return ""
    return shown.html(css_class=css_class, lazy=not eager)


@register.inclusion_tag("components/place_map.html")
def place_map(point, label: str):
    """A small map of one place (a project, an event), `point` being (latitude, longitude,
    precision); nothing without a point or without a tile server."""
    maps = map_context()
    if not point or not maps["map_tiles_url"]:
        return {"point": None}
    latitude, longitude, precision = point
    return {
        "point": {"lat": f"{latitude:.5f}", "lng": f"{longitude:.5f}", "precision": precision},
        "label": label,
        **maps,
    }


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    path = request.path
    items = [
        {
            "label": label,
            "url": url,
            "current": url == path if url == "/" else path.startswith(url),
            "unread": 0,
        }
        for label, url in _menu_links(request)
    ]
    # No user on requests refused before the authentication middleware (a bad Host header
    # gets the 400 page, which has the menu too).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        counts = counts_for(user)
        for entry in personal_counts:
            for item in items:
                if entry.menu_url and item["url"] == entry.menu_url:
                    item["unread"] = counts[entry.name]
    return {"items": items, "request": request}


def _menu_links(request) -> list[tuple[str, str]]:
    """(label, url) of the main menu, the same for everyone on a site (labo.core.layout)."""
    return [tuple(link) for link in layout_for(request)["menu"]]


@register.simple_tag(takes_context=True)
def site_footer(context) -> dict:
    """What the footer shows (labo.core.layout)."""
    return layout_for(context["request"])["footer"]


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
    """The links to a page's ancestors. Those that are the home page or a section under it
    come with the site's frame (labo.core.layout); deeper ones are read from the tree and
    kept until a page is published or moved (labo.caching.versions)."""
    paths = [page.path[: Page.steplen * depth] for depth in range(2, page.depth)]
    sections = layout_for(request).get("sections", {})
    if all(path in sections for path in paths):
        return [
            {
                "label": _("Accueil") if depth == 2 else sections[path]["title"],
                "url": sections[path]["url"],
            }
            for depth, path in enumerate(paths, start=2)
        ]
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


class FragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment
        self.key = [template.Variable(path) for path in fragment.key]

    def _value(self, variable, context):
        try:
            return variable.resolve(context)
        except template.VariableDoesNotExist:
            return ""

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if (
            context.get("is_preview")
            or getattr(request, "is_preview", False)
            or (self.fragment.visitors_only and user is not None and user.is_authenticated)
        ):
            # A draft shown to its editors (Wagtail's preview, a project's latest version), or
            # a part that shows a member what they read: never the shared fragment.
            return self.nodelist.render(context)
        return cached_fragment(
            request,
            self.fragment.name,
            [self._value(variable, context) for variable in self.key],
            lambda: self.nodelist.render(context),
        )


@register.tag
def fragment(parser, token):
    """`{% fragment "name" %}…{% endfragment %}`: what it encloses, kept as its declaration in
    labo.caching.fragments says (key, versions, who shares a copy). Nothing personal inside:
    no follow button, no one's own posts. Previews are rendered afresh."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% fragment "name" %} takes one quoted name; what enters its key is declared in '
            "labo.caching.fragments."
        )
    name = bits[1][1:-1]
    declaration = FRAGMENTS.get(name)
    if declaration is None:
        raise template.TemplateSyntaxError(
            f"The fragment « {name} » is not declared in labo.caching.fragments.FRAGMENTS."
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, declaration)
