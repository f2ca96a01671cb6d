"""Writes of the forum: threads, replies, solutions, follows, read state and flags.
Moderation actions live in forum/moderation.py. Notifications go through
labo.notifications (background tasks, each member's e-mail frequency)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forum import selectors, trust
from forum.models import (
    CategoryFollow,
    ModerationAction,
    ModerationActionKind,
    PostStatus,
    PostSubmission,
    Reply,
    Thread,
    ThreadFollow,
    ThreadRead,
)
from forum.signals import thread_text_changed
from forum.tasks import schedule_new_reply, schedule_new_thread
from labo.caching.versions import now_and_on_commit
from labo.core import counters
from labo.permissions import is_moderator


class PostRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _status_for(user, category) -> str:
    if category.premoderated and not is_moderator(user):
        return PostStatus.PENDING
    return PostStatus.PUBLISHED


def _already_submitted(token: uuid.UUID | None):
    if token is None:
        return None
    return PostSubmission.objects.filter(token=token).select_related("thread", "reply").first()


def thread_reindex_schedule(thread_id: int) -> None:
    """The unified search shows a thread with its replies: tell it to index the thread again
    (search.signals schedules that after commit)."""
    thread_text_changed.send(sender=Thread, thread_id=thread_id)


# Follows ------------------------------------------------------------------


def thread_follow_set(*, user, thread: Thread, follow: bool) -> None:
    if follow:
        ThreadFollow.objects.get_or_create(user=user, thread=thread)
    else:
        ThreadFollow.objects.filter(user=user, thread=thread).delete()


def category_follow_set(*, user, category, follow: bool) -> None:
    if follow:
        CategoryFollow.objects.get_or_create(user=user, category=category)
    else:
        CategoryFollow.objects.filter(user=user, category=category).delete()


# Threads ----------------------------------------------------------------------------------------


def thread_create(
    *,
    category,
    author,
    title: str,
    body: str,
    tags=(),
    related_project=None,
    related_resource=None,
    related_event=None,
    token: uuid.UUID | None = None,
) -> Thread:
    """Open a thread (held for review in a pre-moderated category). A resent form (same
    `token`) returns the thread already created."""
    previous = _already_submitted(token)
    if previous is not None and previous.thread is not None:
        return previous.thread
    now = timezone.now()
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                category=category,
                author=author,
                title=title,
                slug=slugify(title)[:80] or "sujet",
                body=body,
                related_project=related_project,
                related_resource=related_resource,
                related_event=related_event,
                status=_status_for(author, category),
                created_at=now,
                last_activity_at=now,
            )
            if tags:
                thread.tags.set(list(tags))
            if token is not None:
                PostSubmission.objects.create(token=token, user=author, thread=thread)
            ThreadFollow.objects.create(user=author, thread=thread)
            ThreadRead.objects.create(user=author, thread=thread, last_read_at=now)
            _unread_count_changed(author.pk)
            if thread.is_published:
                schedule_new_thread(thread.pk)
                thread_reindex_schedule(thread.pk)
    except IntegrityError:
        # The same form sent twice at the same instant: the first one won.
        previous = _already_submitted(token)
        if previous is not None and previous.thread is not None:
            return previous.thread
        raise
    return thread


def thread_edit(*, thread: Thread, title: str, body: str, tags=None) -> Thread:
    thread.title = title
    thread.body = body
    thread.edited_at = timezone.now()
    thread.save(update_fields=["title", "body", "edited_at"])
    if tags is not None:
        thread.tags.set(list(tags))
    thread_reindex_schedule(thread.pk)
    return thread


def thread_solution_set(*, thread: Thread, reply: Reply | None) -> Thread:
    if reply is not None and (int(reply.object_pk) != thread.pk or not reply.is_published):
        raise PostRefused(_("Cette réponse n'appartient pas à ce sujet."))
    thread.solution = reply
    thread.save(update_fields=["solution"])
    if reply is not None and reply.user_id is not None:
        # A reply chosen as the solution counts towards its author's trust level.
        trust.trust_review(user=reply.user)
    return thread


def thread_view_count(*, thread: Thread) -> None:
    """One more view, added up in Redis and written by `manage.py flush_counters`
    (labo.core.counters): no UPDATE, and no lock on a popular thread, on each view."""
    counters.count(
        counters.THREAD_VIEWS,
        str(thread.pk),
        lambda number: thread_views_add(views={str(thread.pk): number}),
    )


def thread_views_add(*, views: dict[str, int]) -> None:
    """Write views counted elsewhere ({thread id: number}), without touching anything else of
    the threads (`flush_counters`, or at once without Redis)."""
    for pk, number in views.items():
        Thread.objects.filter(pk=int(pk)).update(view_count=F("view_count") + number)


def thread_mark_read(*, user, thread: Thread, until=None, read_at=None) -> None:
    """Move the member's read mark forward to `until` (never back). `read_at`: the mark as the
    caller already read it this request; a reader who has seen it all costs no write."""
    until = until or timezone.now()
    if read_at is not None and read_at >= until:
        return
    earlier = ThreadRead.objects.filter(user=user, thread=thread, last_read_at__lt=until)
    # Only a thread that was unread changes the member's unread count (kept in the cache).
    was_unread = earlier.filter(last_read_at__lt=thread.last_activity_at).update(last_read_at=until)
    if not was_unread and not earlier.update(last_read_at=until):
        _read, was_unread = ThreadRead.objects.get_or_create(
            user=user, thread=thread, defaults={"last_read_at": until}
        )
    if was_unread:
        _unread_count_changed(user.pk)


def _unread_count_changed(user_id: int) -> None:
    # Now for this request's navigation, and after the commit for a request that counted the
    # old read state in between.
    key = selectors.unread_count_key(user_id)
    now_and_on_commit(lambda: cache.delete(key))


# Replies ----------------------------------------------------------------------------------------


def reply_create(
    *,
    thread: Thread,
    user,
    text: str,
    parent: Reply | None = None,
    token: uuid.UUID | None = None,
) -> Reply:
    """Reply to a thread, or to a reply (replies to a nested reply join its parent: two levels).
    The author follows the thread from then on (Discourse's default)."""
    previous = _already_submitted(token)
    if previous is not None and previous.reply is not None:
        return previous.reply
    if parent is not None and parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        parent = Reply.objects.get(pk=parent.parent_id)
    status = _status_for(user, thread.category)
    now = timezone.now()
    try:
        with transaction.atomic():
            reply = Reply(
                content_type=ContentType.objects.get_for_model(Thread),
                object_pk=str(thread.pk),
                site_id=settings.SITE_ID,
                user=user,
                comment=text,
                submit_date=now,
                status=status,
                is_public=status == PostStatus.PUBLISHED,
                parent_id=parent.pk if parent is not None else 0,
            )
            reply.save()
            if token is not None:
                PostSubmission.objects.create(token=token, user=user, reply=reply)
            ThreadFollow.objects.get_or_create(user=user, thread=thread)
            thread_mark_read(user=user, thread=thread, until=now)
            if reply.is_published:
                count_published(thread.pk, reply, +1)
                schedule_new_reply(reply.pk)
                thread_reindex_schedule(thread.pk)
    except IntegrityError:
        previous = _already_submitted(token)
        if previous is not None and previous.reply is not None:
            return previous.reply
        raise
    return reply


def count_published(thread_id: int, reply: Reply, delta: int) -> None:
    """A reply enters (+1) or leaves (-1) the published ones of its thread."""
    fields = {"reply_count": F("reply_count") + delta}
    if delta > 0:
        # Never backwards: a held reply approved late keeps the thread's newer activity (the
        # unread marks rely on it, forum.selectors.first_unread_reply).
        newest = Q(last_activity_at__lte=reply.submit_date)
        fields.update(
            last_activity_at=Greatest("last_activity_at", Value(reply.submit_date)),
            # The author of the newest reply: SET reads the row as it was before the update.
            last_reply_by=Case(
                When(newest, then=Value(reply.user_id)),
                default=F("last_reply_by"),
                output_field=Thread._meta.get_field("last_reply_by").target_field,
            ),
        )
    Thread.objects.filter(pk=thread_id).update(**fields)


def reply_edit(*, reply: Reply, text: str) -> Reply:
    reply.comment = text
    reply.edited_at = timezone.now()
    reply.save(update_fields=["comment", "edited_at"])
    thread_reindex_schedule(int(reply.object_pk))
    return reply


def reply_delete(*, reply: Reply, by, reason: str = "") -> Reply:
    """A deleted reply leaves a placeholder (its replies stay readable)."""
    was_published = reply.is_published
    reply.status = PostStatus.DELETED
    reply.is_removed = True
    reply.is_public = False
    reply.comment = ""
    # Its words leave the thread's search document at once (search.signals).
    reply.save(update_fields=["status", "is_removed", "is_public", "comment"])
    thread = Thread.objects.get(pk=int(reply.object_pk))
    if was_published:
        count_published(thread.pk, reply, -1)
    if thread.solution_id == reply.pk:
        Thread.objects.filter(pk=thread.pk).update(solution=None)
    if by is not None and by.pk != reply.user_id:
        ModerationAction.objects.create(
            actor=by, action=ModerationActionKind.DELETE, reply=reply, thread=thread, reason=reason
        )
    return reply
