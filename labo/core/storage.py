"""Where files that only a permission-checked view may serve are kept."""

from django.core.files.storage import storages


def private_storage():
    # The `private` storage of settings.STORAGES: a folder outside MEDIA_ROOT, or a private
    # bucket; never given a public URL. Files are only served by the views that check who asks
    # (an application's documents, the previews of a resource's files), which read them back
    # through this storage. A callable, so that migrations do not record the location.
    return storages["private"]
