import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_safe

from labo.addresses import absolute_url
from labo.core.health import details_allowed, run_checks, run_reports, running_version
from labo.core.space import space_for


@never_cache
# HEAD too: some load balancers check health with it.
@require_safe
def health(request):
    """200 when every check passes, 503 naming what failed. Monitoring (HEALTH_DETAILS_IPS)
    also reads the version, the migrations not run, the task queue and the search index;
    reached before host validation (labo.core.middleware.HealthCheckMiddleware)."""
    results = run_checks()
    down = sorted(name for name, problem in results.items() if problem)
    payload = {
        "status": "ok" if not down else "error",
        "checks": {name: (problem or "ok") for name, problem in results.items()},
    }
    if down:
        payload["down"] = down
    if details_allowed(request):
        payload["version"] = running_version()
        payload.update(run_reports())
    return JsonResponse(payload, status=503 if down else 200)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        "Disallow: /candidatures/",
        "Disallow: /recherche/",
        "Disallow: /api/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Errors ----------------------------------------------------------------------------------------

# A database that went away surfaces as one of these, whichever layer first needed it.
_DATABASE_DOWN = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request):
    """Django's 500 handler, except that a lost database is not a bug of ours: it gets a 503
    (come back later) rendered without touching the database, for people and load balancers."""
    error = sys.exc_info()[1]
    if isinstance(error, _DATABASE_DOWN):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@login_required
def my_space(request):
    """« Mon espace »: everything of this person's, from every app (labo.core.space)."""
    response = render(request, "core/my_space.html", {"sections": space_for(request.user)})
    # Personal: never kept by a browser's or a proxy's cache.
    response["Cache-Control"] = "private, no-store"
    return response
