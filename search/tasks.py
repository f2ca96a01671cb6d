from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django_tasks import task

from search import indexing, outbox


@task()
def index_object(model_label: str, pk: int) -> bool:
    """(Re)index one object after it changed; gone objects leave the index (and, through the
    outbox, Elasticsearch)."""
    model = apps.get_model(model_label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        indexing.document_key_delete(
            content_type=ContentType.objects.get_for_model(model), object_id=pk
        )
        return False
    return indexing.document_update(obj) is not None


def schedule_index(obj) -> None:
    """Index `obj` in the background once the current transaction commits."""
    from functools import partial

    from django.db import transaction

    transaction.on_commit(partial(index_object.enqueue, model_label=obj._meta.label, pk=obj.pk))


@task()
def index_writes_send(retry: bool = False) -> list[int]:
    """Send the outbox to Elasticsearch (search.outbox); a retry scheduled by a previous run
    first frees its place, so that at most one retry waits at a time."""
    if retry:
        cache.delete(outbox.RETRY_KEY)
    return list(outbox.writes_send())
