"""Rendered fragments of pages, kept in the shared cache: the one place where each is declared.

A template names a fragment and nothing more:

    {% fragment "project-main" %}…{% endfragment %}

Its declaration below says what enters its key (context variables), which versions it depends
on (labo.caching.versions: a write that moves one of them retires every copy) and who may
share a copy:

- AUDIENCE: one per audience tier (visitors, members,
  moderators, staff), since members-only resources, held posts or a staff column differ;
- PERSON: one per signed-in person (visitors share theirs);
- APPLICATION: one per application and audience within it (`ApplicationSheet.key`: staff,
  team, partner, with what each may do there).

A name that is not declared fails the template's compilation, so the test suite. What differs
from one person to another inside a tier (their own posts, their follow button) stays outside
the fragment, or enters its key (`replies_key`, `sheet.key`).

Per-request values inside stored HTML are handled here only: the CSRF token of a form is
stored as a placeholder and each request gets its own in its place, as the tag would have
given it. As a guard, a rendering
that holds a token anywhere else, or the request's CSP nonce, is served but never stored.
"""

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import DisallowedHost
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from labo.caching import local as versioned_cache
from labo.caching.versions import ACCESS, APPLICATIONS, CONTENT, Version


class Sharing(Enum):
    AUDIENCE = "audience"
    PERSON = "person"
    APPLICATION = "application"


@dataclass(frozen=True)
class Fragment:
    name: str
    shared_by: Sharing
    # Context variables (dotted, as in templates) whose values enter the key.
    key: tuple[str, ...] = ()
    depends_on: tuple[Version, ...] = (CONTENT,)
    # Only visitors share it; signed-in people get it rendered for them (their read marks).
    visitors_only: bool = False


FRAGMENTS: dict[str, Fragment] = {
    fragment.name: fragment
    for fragment in (
        Fragment("home", Sharing.AUDIENCE, key=("page.pk", "moment")),
        Fragment(
            "projects-directory",
            Sharing.AUDIENCE,
            key=("page.pk", "filters_querystring", "page_number"),
        ),
        Fragment("project-header", Sharing.AUDIENCE, key=("page.pk",)),
        Fragment("project-main", Sharing.AUDIENCE, key=("page.pk",)),
        Fragment("project-facts", Sharing.AUDIENCE, key=("page.pk",)),
        Fragment("resource-page", Sharing.AUDIENCE, key=("page.pk", "moment")),
        Fragment(
            "resources-directory",
            Sharing.AUDIENCE,
            key=("page.pk", "filters_querystring", "page_obj.number", "moment"),
        ),
        Fragment("event-main", Sharing.AUDIENCE, key=("page.pk", "moment")),
        # A member's agenda marks their own registrations: `personal` is their id.
        Fragment(
            "agenda",
            Sharing.AUDIENCE,
            key=("page.pk", "request.get_full_path", "personal", "moment"),
        ),
        Fragment("forum-index", Sharing.AUDIENCE, key=("this_minute",), visitors_only=True),
        Fragment(
            "forum-category",
            Sharing.AUDIENCE,
            key=("category.pk", "tag_slug", "page_obj.number", "this_minute"),
            visitors_only=True,
        ),
        # `replies_key` (forum.selectors.replies_fragment_key): the tier's copy, or the
        # person's own when the page shows them something of theirs.
        Fragment(
            "forum-replies",
            Sharing.AUDIENCE,
            key=("thread.pk", "page_obj.number", "page_obj.paginator.count", "replies_key"),
        ),
        Fragment("application-filters", Sharing.AUDIENCE, key=("request.GET.urlencode",)),
        Fragment(
            "application-list",
            Sharing.PERSON,
            # The hour: a next meeting that has begun leaves the list within the hour.
            key=("listing.querystring", "this_hour"),
            depends_on=(CONTENT, APPLICATIONS, ACCESS),
        ),
        Fragment(
            "application-page",
            Sharing.APPLICATION,
            key=("application.pk", "application.last_activity_at", "sheet.key"),
        ),
    )
}


def declared(name: str) -> Fragment:
    """The declaration of `name`; KeyError when there is none."""
    return FRAGMENTS[name]


FRAGMENT_SECONDS = 3600
# What `{% csrf_token %}` renders (django.template.defaulttags.CsrfTokenNode).
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
CSRF_PLACEHOLDER = "labo-csrf-token-of-this-request"
# Only the whole tag is ever replaced: text in the fragment (a reply, a link someone wrote)
# that holds the placeholder's words must never receive the visitor's token.
CSRF_STORED = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
# A masked CSRF token: 64 letters and digits.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9]{64}")


# The base's caching sits below its permissions: labo.core gives it `labo.permissions.
# audience_of` when apps are ready, as it gives the private paths to labo.caching.versions.
_audience_of = None


def register_audience_reader(reader) -> None:
    """`reader(user)`: the word of the audience tier this person belongs to."""
    global _audience_of
    _audience_of = reader


def fragment_key(request, fragment: Fragment, values) -> str:
    user = getattr(request, "user", None)
    if fragment.shared_by is Sharing.PERSON and user is not None and user.is_authenticated:
        sharer = f"person-{user.pk}"
    else:
        # AUDIENCE, and APPLICATION (whose key holds the audience within the application).
        sharer = _audience_of(user)
    parts = [
        fragment.name,
        request_host(request),
        get_language() or "",
        sharer,
        *(f"{version.name}={version.read()}" for version in fragment.depends_on),
        *(str(value) for value in values),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"labo:fragment:{digest}"


def cached_fragment(request, name: str, values, render) -> str:
    """`render()` once per declared key (`FRAGMENTS[name]`), given its `values`."""
    if request is None:
        return render()
    key = fragment_key(request, FRAGMENTS[name], values)
    stored = versioned_cache.get(key)
    if stored is not None:
        return _with_csrf_token(request, stored)
    html = render()
    storable = _for_storage(request, html)
    if storable is not None:
        versioned_cache.set(key, storable, FRAGMENT_SECONDS)
    return html


def _for_storage(request, html: str) -> str | None:
    """The rendering as it may be shared, or None when it holds something of this request's
    that cannot be told apart: its CSP nonce, a CSRF token outside a form's hidden field."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce and str(nonce) in html:
        return None
    if "CSRF_COOKIE_NEEDS_UPDATE" not in request.META:
        return html  # no token was handed out in this request: none can be in the HTML
    punched = CSRF_INPUT.sub(CSRF_STORED, html)
    return None if TOKEN_LIKE.search(punched) else punched


def _with_csrf_token(request, html: str) -> str:
    if CSRF_STORED not in html:
        return html
    # As `{% csrf_token %}` does: the cookie is set (or renewed) on the response. Text cannot
    # hold the whole tag: what people write is escaped (`<` becomes `&lt;`).
    token = CSRF_STORED.replace(CSRF_PLACEHOLDER, get_token(request))
    return html.replace(CSRF_STORED, token)


def request_host(request) -> str:
    """The request's host for cache keys; empty for a forged Host header (its 400 page still
    has a layout)."""
    try:
        return request.get_host()
    except DisallowedHost:
        return ""
