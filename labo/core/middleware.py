from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_vary_headers

from labo.core.views import health
from labo.permissions import can_access_admin

HEALTH_PATH = "/sante/"


class HealthCheckMiddleware:
    """Answers /sante/ before anything reads the Host header: the container's healthcheck, the
    load balancer and the monitoring call it by an address (127.0.0.1:8000, the node's own IP)
    that ALLOWED_HOSTS rightly does not list. Only this exact path skips host validation; the
    answer builds no URL from the host and sets no cookie, so a forged Host gains nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)


class AdminAccessMiddleware:
    """Signed-in people without the admin role get a clear 403 at /admin/.

    Wagtail would send them back to the login page, which — as they are signed in already —
    sends them back to the admin: a loop for carriers, partners and moderators, who act through
    the front-end views instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and request.user.is_authenticated
            and not can_access_admin(request.user)
        ):
            raise PermissionDenied
        return self.get_response(request)


class PrivateCacheControlMiddleware:
    """Pages seen by a signed-in person are theirs: no shared cache (proxy, CDN, the
    anonymous page cache) may keep them, nor the browser's back-forward history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ["Cookie"])
        return response
