"""Moderation: every action is recorded (who, what, why) and the author is told when their
post is held, hidden, restored or removed. Moderators and staff only (forum.permissions)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Flag, ModerationAction, ModerationActionKind, PostStatus, Reply, Thread
from forum.notifying import notify_author_of_moderation
from forum.services import count_published, reply_delete
from forum.tasks import schedule_new_reply, schedule_new_thread


def _log(*, by, action, thread=None, reply=None, reason=""):
    ModerationAction.objects.create(
        actor=by, action=action, thread=thread, reply=reply, reason=reason[:500]
    )


def _resolve_flags(*, by, thread=None, reply=None) -> None:
    flags = Flag.objects.filter(resolved_at__isnull=True)
    flags = flags.filter(reply=reply) if reply is not None else flags.filter(thread=thread)
    flags.update(resolved_at=timezone.now(), resolved_by=by)


def _thread_of(reply: Reply) -> Thread:
    return Thread.objects.get(pk=int(reply.object_pk))


def _set_reply_status(reply: Reply, status: str) -> None:
    was_published = reply.is_published
    reply.status = status
    reply.is_public = status == PostStatus.PUBLISHED
    reply.save(update_fields=["status", "is_public"])
    delta = (status == PostStatus.PUBLISHED) - was_published
    if delta:
        count_published(int(reply.object_pk), reply, delta)


# Replies ----------------------------------------------------------------------------------------


@transaction.atomic
def reply_hide(*, reply: Reply, by, reason: str, automatic: bool = False) -> None:
    _set_reply_status(reply, PostStatus.HIDDEN)
    thread = _thread_of(reply)
    _log(
        by=by,
        action=ModerationActionKind.AUTO_HIDE if automatic else ModerationActionKind.HIDE,
        thread=thread,
        reply=reply,
        reason=reason,
    )
    notify_author_of_moderation(
        thread=None,
        reply=reply,
        text=_("Votre réponse dans « %(title)s » est masquée le temps d'une vérification.")
        % {"title": thread.title},
    )


@transaction.atomic
def reply_restore(*, reply: Reply, by, reason: str = "") -> None:
    """Publish a reply that was held (pre-moderation) or hidden, and close its flags."""
    approving = reply.status == PostStatus.PENDING
    _set_reply_status(reply, PostStatus.PUBLISHED)
    Reply.objects.filter(pk=reply.pk).update(flag_count=0)
    thread = _thread_of(reply)
    _resolve_flags(by=by, reply=reply)
    _log(
        by=by,
        action=ModerationActionKind.APPROVE if approving else ModerationActionKind.RESTORE,
        thread=thread,
        reply=reply,
        reason=reason,
    )
    notify_author_of_moderation(
        thread=None,
        reply=reply,
        text=_("Votre réponse dans « %(title)s » est publiée.") % {"title": thread.title},
    )
    if approving:
        schedule_new_reply(reply.pk)


@transaction.atomic
def reply_remove(*, reply: Reply, by, reason: str) -> None:
    author_text = _("Votre réponse dans « %(title)s » a été retirée par la modération.") % {
        "title": _thread_of(reply).title
    }
    notify_author_of_moderation(thread=None, reply=reply, text=author_text)
    _resolve_flags(by=by, reply=reply)
    reply_delete(reply=reply, by=by, reason=reason)


@transaction.atomic
def flags_dismiss(*, by, thread=None, reply=None, reason: str = "") -> None:
    _resolve_flags(by=by, thread=thread, reply=reply)
    if reply is not None:
        Reply.objects.filter(pk=reply.pk).update(flag_count=0)
    else:
        Thread.objects.filter(pk=thread.pk).update(flag_count=0)
    _log(by=by, action=ModerationActionKind.DISMISS, thread=thread or _thread_of(reply),
         reply=reply, reason=reason)  # fmt: skip


# Threads ----------------------------------------------------------------------------------------


@transaction.atomic
def thread_set_status(*, thread: Thread, by, status: str, reason: str = "") -> None:
    """Publish (approve or restore), hide or delete a thread."""
    previous = thread.status
    thread.status = status
    thread.save(update_fields=["status"])  # the search index follows at once (search.signals)
    action = {
        PostStatus.PUBLISHED: ModerationActionKind.APPROVE
        if previous == PostStatus.PENDING
        else ModerationActionKind.RESTORE,
        PostStatus.HIDDEN: ModerationActionKind.HIDE,
        PostStatus.DELETED: ModerationActionKind.DELETE,
    }[status]
    if status != PostStatus.HIDDEN:
        _resolve_flags(by=by, thread=thread)
    _log(by=by, action=action, thread=thread, reason=reason)
    text = {
        ModerationActionKind.APPROVE: _("Votre sujet « %(title)s » est publié."),
        ModerationActionKind.RESTORE: _("Votre sujet « %(title)s » est de nouveau visible."),
        ModerationActionKind.HIDE: _(
            "Votre sujet « %(title)s » est masqué le temps d'une vérification."
        ),
        ModerationActionKind.DELETE: _("Votre sujet « %(title)s » a été retiré par la modération."),
    }[action] % {"title": thread.title}
    notify_author_of_moderation(thread=thread, reply=None, text=text)
    if action == ModerationActionKind.APPROVE:
        schedule_new_thread(thread.pk)


def thread_set_flag(*, thread: Thread, by, field: str, value: bool, reason: str = "") -> None:
    """Lock / unlock, pin / unpin."""
    actions = {
        ("locked", True): ModerationActionKind.LOCK,
        ("locked", False): ModerationActionKind.UNLOCK,
        ("pinned", True): ModerationActionKind.PIN,
        ("pinned", False): ModerationActionKind.UNPIN,
    }
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    _log(by=by, action=actions[(field, value)], thread=thread, reason=reason)


def thread_move(*, thread: Thread, by, category, reason: str = "") -> None:
    reason = f"{thread.category.name} → {category.name}" + (f" : {reason}" if reason else "")
    thread.category = category
    thread.save(update_fields=["category"])  # the search index follows at once (search.signals)
    _log(by=by, action=ModerationActionKind.MOVE, thread=thread, reason=reason)


# Flags ------------------------------------------------------------------------------------------


def flag_create(*, user, reason: str, details: str = "", thread=None, reply=None) -> bool:
    """Record a member's report (once per member and post). A reply flagged by
    FORUM_AUTO_HIDE_FLAGS distinct members is hidden until a moderator reviews it.
    Returns False when this member had already flagged it."""
    try:
        with transaction.atomic():
            Flag.objects.create(
                user=user, thread=thread if reply is None else None, reply=reply,
                reason=reason, details=details,
            )  # fmt: skip
    except IntegrityError:
        return False
    target_model, target = (Reply, reply) if reply is not None else (Thread, thread)
    target_model.objects.filter(pk=target.pk).update(flag_count=F("flag_count") + 1)
    target.refresh_from_db(fields=["flag_count", "status"])
    if (
        reply is not None
        and reply.is_published
        and reply.flag_count >= settings.FORUM_AUTO_HIDE_FLAGS
    ):
        reply_hide(
            reply=reply,
            by=None,
            reason=_("Signalée par %(count)d membres") % {"count": reply.flag_count},
            automatic=True,
        )
    return True
