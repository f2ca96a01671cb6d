"""The anonymous page cache: whole responses kept in the shared cache for visitors who are not
signed in, per site, dropped whenever content changes.

Who never hits it, by construction:
- anyone who carries a session or a messages cookie — every signed-in person does, so their
  pages (personal menus, private sections, drafts) are neither served from nor stored in it;
- requests other than GET and HEAD (only a GET fills it).

It sits right after the security and static-file middleware, so a hit skips sessions,
authentication, CSP and every view; the headers those added when the page was stored (CSP,
Vary, X-Frame-Options…) are replayed.

What is never stored: any response other than a plain 200, a response that sets a cookie other
than the CSRF one (a session), one marked private or no-store (`PrivateCacheControlMiddleware`,
Wagtail's private pages), one that varies on anything but the cookie. A visitor only ever gets
a 200 for public content, so what is stored is public.

Freshness: every key carries the content version (`labo.caching.versions.content_version`),
which the signals of any write that a visitor could see move on, at once and again when the
transaction commits (so that a request reading between the two cannot keep the old page). A
time limit (`PAGE_CACHE_SECONDS`) bounds the rest.

Where pages are kept: in Redis, shared by every worker, and a copy of the pages of 128 KB or
less in each process's memory (`CACHES["pages"]`). A hit reads the content version as its
process read it a tenth of a second ago at most (`page_cache.recent_content_version`), then the
page from that memory: no round trip to Redis, which was the largest cost of a hit. So a write
made in another process reaches visitors within a tenth of a second; one made in this process
(a publication, a reply) at once.

Per-visitor values: the stored body keeps the CSP nonce and the CSRF tokens of the response
that filled the cache; each hit replaces the nonce, in the body and in the header, by a fresh
one (a nonce is never served twice), and each form's token by one made from this visitor's own
CSRF cookie (set if missing), as Django's CSRF middleware would have done. So the contact form
of a project page works for every visitor of the stored page.
"""

import base64
import hashlib
import os
import re
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token

from labo.caching.versions import PROCESS_ALIAS, recent_content_version

CACHE_HEADER = "X-Page-Cache"
# Responses bigger than this are served but not kept: the cache holds pages, not downloads.
MAX_BODY_BYTES = 512 * 1024
# …and those bigger than this are kept in Redis alone, not copied into each process's memory.
PROCESS_COPY_MAX_BYTES = 128 * 1024
# The cookie cannot change an anonymous response: sessions and messages bypass the cache.
HARMLESS_VARY = {"cookie", "accept-encoding", "accept-language"}
# What `{% csrf_token %}` writes: each form's masked token, replaced for each visitor.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = self._address(request) if enabled() else None
        if address is None:
            return self.get_response(request)
        # The version read before the page is made: a page is never kept under a version
        # newer than what it shows.
        key = f"labo:page:{recent_content_version()}:{address}"
        stored = self._lookup(key)
        if stored is not None:
            return self._replay(request, stored)
        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            self._store(key, request, response)
            response[CACHE_HEADER] = "miss"
        return response

    # Which requests ------------------------------------------------------------------------

    @staticmethod
    def _address(request) -> str | None:
        """What names the page apart from the content version: the site, whole page or htmx
        fragment, the path and query. None when the request must not use the cache."""
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        # An htmx request asks for a fragment of the same address: a different response.
        fragment = "hx" if request.headers.get("HX-Request") else "page"
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"{host}:{fragment}:{path}"

    @staticmethod
    def _lookup(key: str) -> dict | None:
        process_copy = caches[PROCESS_ALIAS]
        stored = process_copy.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None and len(stored["content"]) <= PROCESS_COPY_MAX_BYTES:
                process_copy.set(key, stored)
        if stored is None or stored["expires_at"] <= time.time():
            return None
        return stored

    # Which responses -----------------------------------------------------------------------

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:  # signed in on this very request
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if "private" in cache_control or "no-store" in cache_control:
            return False
        # The CSRF middleware sets its cookie whenever the page used a token: each must be a
        # form's input, which a hit can replace; a token written some other way could not be.
        if settings.CSRF_COOKIE_NAME in response.cookies and not CSRF_INPUT.search(
            response.content
        ):
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part}
        if not vary <= HARMLESS_VARY:
            return False
        return len(response.content) <= MAX_BODY_BYTES

    @staticmethod
    def _store(key: str, request, response) -> None:
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in ("content-length", CACHE_HEADER.lower())
        }
        stored = {
            "content": response.content,
            "headers": headers,
            "nonce": getattr(request, "_csp_nonce", None),
            "csrf": settings.CSRF_COOKIE_NAME in response.cookies,
            # The process copies outlive nothing: each checks the time limit itself.
            "expires_at": time.time() + settings.PAGE_CACHE_SECONDS,
        }
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        if len(response.content) <= PROCESS_COPY_MAX_BYTES:
            caches[PROCESS_ALIAS].set(key, stored)

    # Serving a stored page -----------------------------------------------------------------

    @staticmethod
    def _replay(request, stored) -> HttpResponse:
        content, headers = stored["content"], dict(stored["headers"])
        old_nonce = stored["nonce"]
        if old_nonce:
            # Same shape as django-csp's own nonces, so that the length never changes.
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            content = content.replace(old_nonce.encode(), nonce.encode())
            for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
                if name in headers:
                    headers[name] = headers[name].replace(old_nonce, nonce)
        csrf = None
        if stored["csrf"]:
            # This visitor's CSRF secret (their cookie, or a new one), as the middleware reads it.
            csrf = CsrfViewMiddleware(lambda request: None)
            csrf.process_request(request)
            content = CSRF_INPUT.sub(
                lambda match: match[1] + get_token(request).encode() + match[2], content
            )
        response = HttpResponse(content, status=200)
        for name, value in headers.items():
            response[name] = value
        response[CACHE_HEADER] = "hit"
        if csrf is not None:
            csrf.process_response(request, response)  # sets or renews the visitor's cookie
        return response
