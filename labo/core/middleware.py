from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_vary_headers

from labo.permissions import can_access_admin


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
