from django_tasks import task

from resources import document_previews, document_texts


@task()
def extract_document_text(document_id: int) -> str:
    return document_texts.document_text_extract(document_id=document_id).status


@task()
def make_document_preview(document_id: int) -> str:
    return document_previews.document_preview_make(document_id=document_id).status
