from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from resources import permissions, services
from resources.models import ResourceDocument, ResourcePage


def resource_download(request, slug, document_id):
    resource = get_object_or_404(ResourcePage, slug=slug)
    if not permissions.can_read_resource(request.user, resource):
        if not request.user.is_authenticated and resource.live:
            return redirect_to_login(request.get_full_path())
        raise Http404
    attachment = get_object_or_404(
        ResourceDocument.objects.select_related("document"), pk=document_id, page=resource
    )
    services.resource_download_count(
        resource_document=attachment, user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    # Wagtail's document view serves the file and enforces collection privacy.
    return redirect(attachment.document.url)


class NewResourcesFeed(Feed):
    feed_type = Atom1Feed
    link = "/ressources/"

    def title(self):
        return _("Nouvelles ressources – Labo de l'habitat des communs")

    def items(self):
        # Public resources only: a feed reader is nobody signed in.
        return ResourcePage.objects.live().public().order_by("-first_published_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
