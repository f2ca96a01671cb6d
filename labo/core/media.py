"""Uploaded files under MEDIA_ROOT, when they are not on object storage.

Two kinds of files there must never be reachable by their address: Wagtail's original images
(full size, with the camera and location metadata the renditions drop) and documents, which
go through Wagtail's permission-checked /documents/ view. A reverse proxy that serves /media/
itself must apply the same rule (docs/operations.md).
"""

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

PRIVATE_PREFIXES = ("original_images/", "documents/")


@require_safe
def public_media(request, path: str):
    normalised = path.lstrip("/")
    if normalised.startswith(PRIVATE_PREFIXES) or ".." in normalised.split("/"):
        raise Http404
    response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
    # Whatever a file turns out to be, the browser neither sniffs it into HTML nor runs it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
