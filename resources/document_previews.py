"""The previews of a resource's PDF files, made and kept (resources.previews draws them)."""

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from resources.choices import TextStatus
from resources.models import DocumentPreview
from resources.previews import PreviewUnavailable, first_page_picture

# Larger files are not opened for a preview: the worker's memory is not theirs to take.
MAX_PREVIEWED_BYTES = 50 * 1024 * 1024


def document_preview_make(*, document_id: int) -> DocumentPreview:
    """Draw the first page of the document if it is a PDF; record why not otherwise."""
    document = get_document_model().objects.get(pk=document_id)
    preview, _created = DocumentPreview.objects.get_or_create(document=document)
    if preview.image:
        preview.image.delete(save=False)
    try:
        if document.file_extension.lower() != "pdf":
            raise PreviewUnavailable("pas un PDF")
        if (document.file_size or 0) > MAX_PREVIEWED_BYTES:
            raise PreviewUnavailable("fichier trop lourd pour un aperçu")
        with document.file.open("rb") as handle:
            data = handle.read()
        picture, preview.width, preview.height = first_page_picture(data)
        preview.image.save(f"{document.pk}.webp", ContentFile(picture), save=False)
        preview.status, preview.reason = TextStatus.OK, ""
    except (PreviewUnavailable, OSError) as error:
        preview.status, preview.reason = TextStatus.UNAVAILABLE, str(error)[:200]
        preview.width = preview.height = 0
    preview.made_at = timezone.now()
    preview.save()
    return preview
