from django.apps import apps
from django_tasks import task

from search import indexing


@task()
def index_object(model_label: str, pk: int) -> bool:
    """(Re)index one object after it changed; gone objects leave the index."""
    model = apps.get_model(model_label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        indexing.SearchDocument.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=pk,
        ).delete()
        return False
    return indexing.document_update(obj) is not None


def schedule_index(obj) -> None:
    """Index `obj` in the background once the current transaction commits."""
    from functools import partial

    from django.db import transaction

    transaction.on_commit(partial(index_object.enqueue, model_label=obj._meta.label, pk=obj.pk))
