from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from labo.core.health import run_checks


@never_cache
@require_GET
def health(request):
    results = run_checks()
    down = sorted(name for name, problem in results.items() if problem)
    payload = {
        "status": "ok" if not down else "error",
        "checks": {name: (problem or "ok") for name, problem in results.items()},
    }
    if down:
        payload["down"] = down
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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
