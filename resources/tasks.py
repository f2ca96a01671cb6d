from django_tasks import task

from resources import services


@task()
def extract_document_text(document_id: int) -> str:
    return services.document_text_extract(document_id=document_id).status
