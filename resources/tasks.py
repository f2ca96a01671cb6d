from django_tasks import task

# The work is imported when a task runs: PDFium (pypdfium2) and the text extractors would
# otherwise sit in every web worker's memory, which only enqueues these tasks.


@task()
def extract_document_text(document_id: int) -> str:
    from resources import document_texts  # noqa: PLC0415 (see the module's comment)

    return document_texts.document_text_extract(document_id=document_id).status


@task()
def make_document_preview(document_id: int) -> str:
    from resources import document_previews  # noqa: PLC0415 (see the module's comment)

    return document_previews.document_preview_make(document_id=document_id).status
