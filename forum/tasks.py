"""The forum's fan-out (mentions, followers of a thread or a category) runs in the background:
a thread with many followers must not slow down the request that posts to it."""

from functools import partial

from django.db import transaction
from django_tasks import task

from forum import notifying


@task()
def notify_new_thread(thread_id: int) -> None:
    notifying.new_thread_notify(thread_id=thread_id)


@task()
def notify_new_reply(reply_id: int) -> None:
    notifying.new_reply_notify(reply_id=reply_id)


def schedule_new_thread(thread_id: int) -> None:
    transaction.on_commit(partial(notify_new_thread.enqueue, thread_id=thread_id))


def schedule_new_reply(reply_id: int) -> None:
    transaction.on_commit(partial(notify_new_reply.enqueue, reply_id=reply_id))
