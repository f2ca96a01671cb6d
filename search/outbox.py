"""Index writes that cannot be lost: every change of search_searchdocument is queued in the
same transaction (IndexWrite), then sent to Elasticsearch after commit by a task, and again
by the worker until Elasticsearch acknowledges it — removals first, since a document that may
no longer be seen matters more than a new one. A row is deleted only if nothing newer was
queued for its document meanwhile. /sante/ reports what is pending and what keeps failing.

Without ELASTICSEARCH_URL nothing is queued: the database engine reads the table itself."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from search.engines.base import SearchUnavailable
from search.models import IndexWrite, SearchDocument

logger = logging.getLogger(__name__)

BATCH = 200
FAILING_AFTER = 5  # attempts: reported as failing by /sante/ (still retried)
LONGEST_WAIT = timedelta(hours=1)


def is_active() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def write_queue(*, content_type_id: int, object_id: int, remove: bool) -> None:
    """Queue a document's write in the current transaction; it is sent once it commits
    (search.signals hands every queued write to search.tasks)."""
    if not is_active():
        return
    now = timezone.now()
    IndexWrite.objects.update_or_create(
        content_type_id=content_type_id,
        object_id=object_id,
        defaults={"remove": remove, "queued_at": now, "next_attempt_at": now, "attempts": 0,
                  "last_error": ""},
    )  # fmt: skip


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts * 5), LONGEST_WAIT)


def writes_send(*, engine=None, limit: int = BATCH) -> tuple[int, int]:
    """Send what is due, `limit` at a time, removals first: (acknowledged, refused)."""
    if not is_active():
        return 0, 0
    if engine is None:
        from search.engines.elasticsearch import ElasticsearchEngine  # noqa: PLC0415 (optional extra)

        engine = ElasticsearchEngine()
    from search.engines.elasticsearch.engine import version_of  # noqa: PLC0415 (optional extra)
    from search.engines.elasticsearch.mappings import document_id  # noqa: PLC0415 (as above)

    sent = refused = 0
    while True:
        due = list(
            IndexWrite.objects.filter(next_attempt_at__lte=timezone.now()).order_by(
                "-remove", "queued_at", "pk"
            )[:limit]
        )
        if not due:
            break
        ids = {w.pk: document_id(content_type_id=w.content_type_id, object_id=w.object_id)
               for w in due}  # fmt: skip
        rows = _rows_for([w for w in due if not w.remove])
        puts = [rows[(w.content_type_id, w.object_id)] for w in due
                if not w.remove and (w.content_type_id, w.object_id) in rows]  # fmt: skip
        # A document whose row is gone by now is removed instead.
        removals = [(ids[w.pk], version_of(w.queued_at)) for w in due
                    if w.remove or (w.content_type_id, w.object_id) not in rows]  # fmt: skip
        try:
            result = engine.writes_send(puts=puts, removals=removals)
        except SearchUnavailable as error:
            _failed(due, str(error))
            refused += len(due)
            break
        acknowledged = [w for w in due if ids[w.pk] in result.acknowledged]
        for write in acknowledged:
            IndexWrite.objects.filter(pk=write.pk, queued_at=write.queued_at).delete()
        for write in due:
            if ids[write.pk] in result.refused:
                _failed([write], result.refused[ids[write.pk]])
        sent += len(acknowledged)
        refused += len(due) - len(acknowledged)
        if len(due) < limit or len(acknowledged) < len(due):
            break
    return sent, refused


def _rows_for(writes: list[IndexWrite]) -> dict[tuple[int, int], SearchDocument]:
    """The current rows of the documents `writes` put, by (content type, object id), in one
    query."""
    keys = {(w.content_type_id, w.object_id) for w in writes}
    if not keys:
        return {}
    candidates = SearchDocument.objects.filter(
        content_type_id__in={ct for ct, _ in keys}, object_id__in={oid for _, oid in keys}
    )
    return {
        (row.content_type_id, row.object_id): row
        for row in candidates
        if (row.content_type_id, row.object_id) in keys
    }


def _failed(writes: list[IndexWrite], error: str) -> None:
    now = timezone.now()
    for write in writes:
        attempts = write.attempts + 1
        IndexWrite.objects.filter(pk=write.pk, queued_at=write.queued_at).update(
            attempts=attempts, next_attempt_at=now + _backoff(attempts), last_error=error[:2000]
        )
        if attempts == FAILING_AFTER:
            logger.error("Elasticsearch keeps refusing a search document: %s", error)


def next_attempt_due():
    """When the earliest refused write may be tried again (None when the outbox is empty)."""
    return (
        IndexWrite.objects.order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def writes_status() -> dict[str, int]:
    """For /sante/: writes waiting for Elasticsearch, and those it refused many times."""
    if not is_active():
        return {}
    return {
        "pending": IndexWrite.objects.count(),
        "failing": IndexWrite.objects.filter(attempts__gte=FAILING_AFTER).count(),
    }


def writes_forget_before(moment) -> int:
    """After a rebuild: writes queued before it began are in the new index already."""
    return IndexWrite.objects.filter(queued_at__lt=moment).delete()[0]
