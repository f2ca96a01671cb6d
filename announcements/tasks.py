"""An announcement leaves in batches, one background task each, so that a send to every
member never holds a request or a worker for long."""

from functools import partial

from django.db import transaction
from django_tasks import task

from announcements import delivery


@task()
def deliver_announcement_batch(announcement_id: int) -> None:
    if delivery.batch_deliver(announcement_id=announcement_id):
        schedule_batch(announcement_id)


def schedule_batch(announcement_id: int) -> None:
    transaction.on_commit(
        partial(deliver_announcement_batch.enqueue, announcement_id=announcement_id)
    )
