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
  posts, their follow button) must stay outside the fragment, be among its values (what the
  person may do there), or the template renders the part afresh for the people it concerns
  (a thread's replies: shared by the members who have no reply on that page,
  `forum.selectors.replies_are_personal`);
- the values given to the tag (the page, the filters, the page number…).

The CSRF token of a form (`{% csrf_token %}`) belongs to one visitor: it is stored as a
placeholder and each request gets its own in its place, as the tag would have given it. As a
guard, a rendering that holds a token anywhere else, or the request's CSP nonce, is served but
never stored.
"""

import hashlib
import re

from django.core.exceptions import DisallowedHost
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from labo.core import versioned_cache
from labo.core.page_cache import content_version
from labo.permissions import audience_of

FRAGMENT_SECONDS = 3600
# What `{% csrf_token %}` renders (django.template.defaulttags.CsrfTokenNode).
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
CSRF_PLACEHOLDER = "labo-csrf-token-of-this-request"
# Only the whole tag is ever replaced: text in the fragment (a reply, a link someone wrote)
# that holds the placeholder's words must never receive the visitor's token.
CSRF_STORED = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
# A masked CSRF token: 64 letters and digits.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9]{64}")


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
