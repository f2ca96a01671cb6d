from datetime import timedelta
from functools import partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
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
    transaction.on_commit(partial(index_object.enqueue, model_label=obj._meta.label, pk=obj.pk))


# Elasticsearch's outbox (search.outbox) ----------------------------------------------------------

RETRY_KEY = "search:outbox:retry-waiting"


@task()
def index_writes_send(retry: bool = False) -> list[int]:
    """Send the outbox to Elasticsearch; a retry scheduled by a previous run first frees its
    place, so that at most one retry waits at a time."""
    if retry:
        cache.delete(RETRY_KEY)
    return list(writes_send())


def writes_send() -> tuple[int, int]:
    """Send what is due, then ask the worker to try again when the earliest refused write is
    due: (acknowledged, refused)."""
    result = outbox.writes_send()
    following = outbox.next_attempt_due()
    if following is not None:
        _enqueue(run_after=max(following, timezone.now() + timedelta(seconds=1)))
    return result


def writes_send_on_commit() -> None:
    """One sending task per transaction, however many documents it changed."""
    if any(getattr(callback, "func", None) is _enqueue for _, callback, _ in
           connection.run_on_commit):  # fmt: skip
        return
    transaction.on_commit(partial(_enqueue))


def _enqueue(run_after=None) -> None:
    if run_after is None:
        index_writes_send.enqueue()
        return
    if not index_writes_send.get_backend().supports_defer:
        return  # the scheduler's `manage.py index_writes_send` retries instead
    wait = max(int((run_after - timezone.now()).total_seconds()), 1)
    if cache.add(RETRY_KEY, True, timeout=wait + 300):  # one retry waiting at a time
        index_writes_send.using(run_after=run_after).enqueue(retry=True)
