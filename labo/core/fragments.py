"""Rendered fragments of pages kept under the content version: the cards of a list, the body of
a project, the replies of a thread. Rendering them is most of a page's cost (1 ms per project
card with Django's template engine); they change only when content does.

`{% fragment "name" value… %}…{% endfragment %}` (labo_tags) keeps what it encloses in the
shared cache under a key made of:

- the content version (`labo.core.page_cache.content_version`), which any write a visitor could
  see moves on — so a fragment is never older than the content it shows, as for the anonymous
  page cache;
- the site (host) and the language;
- the audience (`labo.permissions.audience_of`): visitors, members, moderators and the
  team may see different things (members-only resources and categories, held posts), so each
  tier has its own copy. What differs from one person to another inside a tier (their own
  posts, their follow button, a form's CSRF token) must stay outside the fragment, or the
  template renders the part afresh for the people it concerns (a thread's replies: shared by
  the members who have no reply on that page, `forum.selectors.replies_are_personal`);
- the values given to the tag (the page, the filters, the page number…).

As a guard, a rendering that holds a CSRF token or the request's CSP nonce is served but never
stored: those belong to one visitor.
"""

import hashlib

from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from labo.core import versioned_cache
from labo.core.page_cache import content_version
from labo.permissions import audience_of

FRAGMENT_SECONDS = 3600
CSRF_FIELD = "csrfmiddlewaretoken"


def fragment_key(request, name: str, vary_on) -> str:
    user = getattr(request, "user", None)
    parts = [
        name,
        request_host(request),
        get_language() or "",
        audience_of(user),
        *(str(value) for value in vary_on),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"labo:fragment:{content_version()}:{digest}"


def cached_fragment(request, name: str, vary_on, render) -> str:
    """`render()` once per content version, site, audience and `vary_on`."""
    if request is None:
        return render()
    key = fragment_key(request, name, vary_on)
    html = versioned_cache.get(key)
    if html is None:
        html = render()
        if _storable(request, html):
            versioned_cache.set(key, html, FRAGMENT_SECONDS)
    return html


def _storable(request, html: str) -> bool:
    nonce = getattr(request, "csp_nonce", None)
    return CSRF_FIELD not in html and not (nonce and str(nonce) in html)


def request_host(request) -> str:
    """The request's host for cache keys; empty for a forged Host header (its 400 page still
    has a layout)."""
    try:
        return request.get_host()
    except DisallowedHost:
        return ""
