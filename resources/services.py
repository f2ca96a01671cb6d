import logging
from functools import partial

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from labo.notifications.services import notification_send
from labo.roles import STAFF_GROUP
from labo.user_agents import is_bot
from resources.choices import TextStatus
from resources.models import (
    DocumentPreview,
    DocumentText,
    ResourceDocument,
    ResourceDownloadDay,
    ResourceIndexPage,
    ResourcePage,
)
from resources.permissions import can_propose_resource
from resources.tasks import extract_document_text, make_document_preview

logger = logging.getLogger(__name__)


def document_text_schedule(*, document_id: int) -> None:
    """Called when a document is uploaded or replaced: extraction runs in the background."""
    DocumentText.objects.update_or_create(
        document_id=document_id, defaults={"status": TextStatus.PENDING, "reason": ""}
    )
    transaction.on_commit(partial(extract_document_text.enqueue, document_id=document_id))


def document_preview_schedule(*, document_id: int) -> None:
    """Called with `document_text_schedule`: the first page of a PDF is drawn in the
    background; until then (or for other files) the download button shows none."""
    DocumentPreview.objects.update_or_create(
        document_id=document_id, defaults={"status": TextStatus.PENDING, "reason": ""}
    )
    transaction.on_commit(partial(make_document_preview.enqueue, document_id=document_id))


def resource_download_count(*, resource_document: ResourceDocument, user_agent: str) -> bool:
    """Count a download (no personal data kept): on the file and on its resource."""
    if is_bot(user_agent):
        return False
    ResourceDocument.objects.filter(pk=resource_document.pk).update(
        download_count=F("download_count") + 1
    )
    ResourcePage.objects.filter(pk=resource_document.page_id).update(
        download_count=F("download_count") + 1
    )
    _download_day_count(resource_id=resource_document.page_id)
    return True


def _download_day_count(*, resource_id: int) -> None:
    """One more on today's row of the resource (the activity report counts a period from
    them): an update, and the row's creation the first time, raced safely."""
    today = timezone.localdate()
    days = ResourceDownloadDay.objects.filter(resource_id=resource_id, day=today)
    if days.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ResourceDownloadDay.objects.create(resource_id=resource_id, day=today, count=1)
    except IntegrityError:  # another download created it meanwhile
        days.update(count=F("count") + 1)


PROPOSALS_COLLECTION = "Propositions de ressources"
PUBLIC_COLLECTION = "Ressources"


def _collection(name: str, *, staff_only: bool):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    if staff_only and not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name=STAFF_GROUP))
    return collection


@transaction.atomic
def resource_propose(
    *,
    user,
    title: str,
    summary: str,
    resource_type: str,
    themes,
    uploaded=None,
    external_url: str = "",
) -> ResourcePage:
    """A member's proposal: a draft resource in the "Relecture" workflow. Its file waits in a
    collection only staff can open until the resource is published."""
    if not can_propose_resource(user):
        raise PermissionDenied
    index = ResourceIndexPage.objects.live().first()
    base = slugify(title)[:70] or "ressource"
    slug, n = base, 2
    while ResourcePage.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    page = ResourcePage(
        title=title,
        slug=slug,
        summary=summary,
        resource_type=resource_type,
        external_url=external_url,
        owner=user,
        live=False,
    )
    if uploaded is not None:
        document = get_document_model()(
            title=title,
            uploaded_by_user=user,
            collection=_collection(PROPOSALS_COLLECTION, staff_only=True),
        )
        document.file = uploaded
        document.save()
        page.documents = [ResourceDocument(document=document)]
    index.add_child(instance=page)
    page.themes.set(themes)
    page.save_revision(user=user, log_action=True)
    page.get_workflow().start(page, user)
    return page


def resource_reviewed(page: ResourcePage, approved: bool, comment: str, by) -> None:
    """Tell the proposer; once published, its files join the public library collection."""
    if approved:
        public = _collection(PUBLIC_COLLECTION, staff_only=False)
        get_document_model().objects.filter(
            pk__in=page.documents.values("document"),
            collection__name=PROPOSALS_COLLECTION,
        ).update(collection=public)
    if page.owner is None:
        return
    if approved:
        title = _("Votre ressource « %(title)s » est publiée, merci !") % {"title": page.title}
        body, url = comment, page.url or "/ressources/"
    else:
        title = _("Votre proposition « %(title)s » n'a pas été retenue en l'état") % {
            "title": page.title
        }
        body, url = comment, "/ressources/"
    notification_send(
        recipients=[page.owner],
        kind="resources.proposal",
        title=title,
        body=body,
        url=url,
        exclude=by,
    )
