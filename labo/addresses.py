"""The platform's own address, in one place: every absolute link it gives away (e-mails,
calendar feeds and their webcal links, exports, structured data, robots.txt) starts with
SITE_URL, never with the Host of the request that happened to build it. `make demo` sets it
from the port it serves on."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(path: str) -> str:
    """`path` (« /agenda/… ») as a full address on this site; full addresses pass through."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def webcal_url(url: str) -> str:
    """The same feed for calendar applications that subscribe (webcal://)."""
    return "webcal://" + url.split("://", 1)[-1]


def is_local(request, url: str) -> bool:
    """Whether `url` stays on this site (« /\\ailleurs » and « //ailleurs » do not)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def local_next(request, default: str) -> str:
    """The `next` address a form posted, if it stays on this site; `default` otherwise (a
    crafted link must not send anyone elsewhere after an action)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_local(request, candidate) else default
