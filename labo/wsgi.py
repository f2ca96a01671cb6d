import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labo.settings.production")

application = get_wsgi_application()

# Every view module loaded now rather than by the first request; then what the process has
# loaded (some 250,000 objects: Django, Wagtail, the URL configuration) is set aside by the
# garbage collector, which otherwise walked all of it on each full collection: 120–140 ms
# during which a request waits, the slowest requests under load.
get_resolver().url_patterns  # noqa: B018 (loads them)
gc.freeze()
