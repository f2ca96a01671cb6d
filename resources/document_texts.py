"""The text of attached files, read for search: extracted in the background after an upload
(resources.tasks), kept in DocumentText, and given to the search with every resource that
attaches the file."""

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.search import index

from labo.core.progress import Progress
from resources.choices import TextStatus
from resources.document_previews import document_preview_make
from resources.extraction import TextUnavailable, extract_text
from resources.models import DocumentText, ResourceDocument, ResourcePage
from resources.signals import resource_text_changed


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
        resource_text_changed.send(sender=ResourcePage, page=page)
    return record


def resources_reindex(stream=None) -> int:
    """Extract every attached file's text again and draw its preview again (files uploaded
    before previews existed get theirs); progress written to `stream` when given."""
    documents = list(
        ResourceDocument.objects.values_list("document_id", flat=True).distinct().order_by()
    )
    progress = Progress(stream, "Fichiers des ressources", len(documents)) if stream else None
    for document_id in documents:
        document_text_extract(document_id=document_id)
        document_preview_make(document_id=document_id)
        if progress:
            progress.advance()
    if progress:
        progress.finish(f"{len(documents)} fichiers relus, aperçus redessinés")
    return len(documents)
