from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from forum.sitemaps import ForumSitemap
from labo.api import api_router
from labo.core import routing, statistics_views
from labo.core import views as core_views
from labo.core.media import public_media

urlpatterns = [
    # One login for everyone, with its brute-force protection: Wagtail's own form is not used.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("compte/", include("labo.accounts.urls")),
    path("compte/notifications/", include("labo.notifications.urls")),
    path("compte/", include("allauth.urls")),
    path("forum/", include("forum.urls")),
    path("messages/", include("conversations.urls")),
    path("annonces/", include("announcements.urls")),
    path("recherche/", include("search.urls")),
    path("projets/", include("projects.urls")),
    path("ressources/", include("resources.urls")),
    path("agenda/", include("events.urls")),
    path("candidatures/", include("projects.applications.urls")),
    path("espace/", core_views.my_space, name="my_space"),
    path("rapport/", include("labo.reports.urls")),
    path("statistiques/", statistics_views.statistics_page, name="statistics"),
    path("statistiques/<slug:name>.csv", statistics_views.statistic_csv, name="statistic_csv"),
    path("sante/", core_views.health, name="health"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": WagtailSitemap, "forum": ForumSitemap()}},
        name="sitemap",
    ),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
]

if not settings.MEDIA_URL.startswith(("http://", "https://")):
    # Local media storage: served by Django unless the proxy does it (docs/operations.md).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", public_media, name="media")
    ]

# Wagtail's own front-end URLs, with its page view swapped for ours (labo.core.routing: the
# same serving, the tree lookups from the cache).
urlpatterns += [
    re_path(pattern.pattern.regex.pattern, routing.serve, name="wagtail_serve")
    if getattr(pattern, "name", None) == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]

handler500 = "labo.core.views.server_error"
