"""Where files that only a permission-checked view may serve are kept."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    # Outside MEDIA_ROOT and without a URL: files are only served by the views that check who
    # asks (an application's documents, the previews of a resource's files).
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
