from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from labo.caching.versions import public
from labo.core.listing import Listing
from resources import permissions, services
from resources.forms import ResourceProposalForm
from resources.models import ResourceDocument, ResourcePage


def _attachment(resource: ResourcePage, document_id: int, *related) -> ResourceDocument:
    return get_object_or_404(
        ResourceDocument.objects.select_related("document", *related),
        pk=document_id,
        page=resource,
    )


def resource_download(request, slug, document_id):
    resource = get_object_or_404(ResourcePage, slug=slug)
    if not permissions.can_read_resource(request.user, resource):
        if not request.user.is_authenticated and resource.live:
            return redirect_to_login(request.get_full_path())
        raise Http404
    attachment = _attachment(resource, document_id)
    services.resource_download_count(
        resource_document=attachment, user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    # Wagtail's document view serves the file and enforces collection privacy.
    return redirect(attachment.document.url)


def resource_preview(request, slug, document_id):
    """The first page of a file as a picture, to whoever may download the file (404 to the
    others: a hidden resource is not confirmed to exist)."""
    resource = get_object_or_404(ResourcePage, slug=slug)
    if not permissions.can_read_resource(request.user, resource):
        raise Http404
    preview = getattr(
        _attachment(resource, document_id, "document__preview").document, "preview", None
    )
    if preview is None or not preview.shown:
        raise Http404
    try:
        picture = preview.image.open("rb")
    except FileNotFoundError as error:  # its file lost (a partial restore): no preview, no error
        raise Http404 from error
    response = FileResponse(picture, content_type="image/webp")
    # A members-only resource's preview stays in its reader's browser, never in a shared cache
    # (who may read it is on its own row: labo.core.listing).
    shared = resource.listed_for == Listing.EVERYONE
    response["Cache-Control"] = f"{'public' if shared else 'private'}, max-age=86400"
    return response


class NewResourcesFeed(Feed):
    feed_type = Atom1Feed
    link = "/ressources/"

    def title(self):
        return _("Nouvelles ressources – Labo de l'habitat des communs")

    def items(self):
        # Public resources only: a feed reader is nobody signed in.
        return public(ResourcePage.objects.live()).order_by("-first_published_at", "id")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at


@login_required
def resource_propose(request):
    if not permissions.can_propose_resource(request.user):
        raise PermissionDenied
    form = ResourceProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.resource_propose(
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            resource_type=data["resource_type"],
            themes=list(data["themes"]),
            uploaded=data.get("file"),
            external_url=data.get("external_url", ""),
        )
        messages.success(
            request,
            _(
                "Merci ! Votre proposition est transmise à l'équipe du "
                "Labo ; vous serez prévenu·e de sa publication."
            ),
        )
        return redirect("/ressources/")
    response = render(request, "resources/resource_propose.html", {"form": form})
    response["Cache-Control"] = "private, no-store"
    return response
