import logging
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.search import index

from resources.choices import TextStatus
from resources.extraction import TextUnavailable, extract_text
from resources.models import DocumentText, ResourceDocument, ResourcePage

logger = logging.getLogger(__name__)

# Obvious robots (crawlers, link checkers, previews) do not count as downloads.
BOT_MARKERS = (
    "bot",
    "crawler",
    "spider",
    "slurp",
    "curl",
    "wget",
    "python-requests",
    "httpclient",
    "preview",
    "monitor",
    "headless",
)


def document_text_schedule(*, document_id: int) -> None:
    """Called when a document is uploaded or replaced: extraction runs in the background."""
    from resources.tasks import extract_document_text

    DocumentText.objects.update_or_create(
        document_id=document_id, defaults={"status": TextStatus.PENDING, "reason": ""}
    )
    transaction.on_commit(partial(extract_document_text.enqueue, document_id=document_id))


def document_text_extract(*, document_id: int) -> DocumentText:
    document = get_document_model().objects.get(pk=document_id)
    record, _created = DocumentText.objects.get_or_create(document=document)
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        record.text = extract_text(data, document.file_extension)
        record.status, record.reason = TextStatus.OK, ""
    except (TextUnavailable, OSError) as error:
        record.text, record.status, record.reason = "", TextStatus.UNAVAILABLE, str(error)[:200]
    record.extracted_at = timezone.now()
    record.save()
    # The resources that attach this file are searched with its text: index them again.
    for page in ResourcePage.objects.filter(documents__document=document).distinct():
        index.insert_or_update_object(page)
    return record


def resources_reindex() -> int:
    count = 0
    for document_id in ResourceDocument.objects.values_list("document_id", flat=True).distinct():
        document_text_extract(document_id=document_id)
        count += 1
    return count


def is_bot(user_agent: str) -> bool:
    agent = (user_agent or "").lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


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
    return True
