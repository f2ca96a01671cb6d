from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site


def sync_django_site() -> None:
    """django.contrib.sites' record names the platform in account e-mails (allauth): keep it
    equal to SITE_URL instead of Django's "example.com"."""
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": domain, "name": settings.WAGTAIL_SITE_NAME},
    )
