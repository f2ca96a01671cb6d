"""What the forum tells people: mentions, new threads and replies to those who follow them
(fanned out by forum.tasks after the post is committed), a moderation decision to its author;
every e-mail carries a signed link to stop following."""

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.mentions import mentioned_users
from forum.models import CategoryFollow, Reply, Thread, ThreadFollow
from forum.selectors import reply_url
from labo.notifications.mailer import absolute_url
from labo.notifications.services import notification_send

_UNFOLLOW_SALT = "forum.unfollow"


def unfollow_url(*, user, thread: Thread | None = None, category=None) -> str:
    """A signed link to stop following a thread or a category, put in every e-mail."""
    target = ["t", thread.pk] if thread is not None else ["c", category.pk]
    token = signing.dumps([user.pk, *target], salt=_UNFOLLOW_SALT, compress=True)
    return absolute_url(reverse("forum:unfollow", args=[token]))


def unfollow_token_read(token: str) -> tuple[int, str, int] | None:
    """(user id, "t" or "c", thread or category id), or None for a forged token."""
    try:
        user_id, kind, target_id = signing.loads(token, salt=_UNFOLLOW_SALT)
        if kind not in ("t", "c"):
            return None
        return int(user_id), kind, int(target_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def new_thread_notify(*, thread_id: int) -> None:
    thread = Thread.objects.select_related("category", "author").get(pk=thread_id)
    url = thread.get_absolute_url()
    mentioned = mentioned_users(thread.body)
    notification_send(
        recipients=mentioned,
        kind="forum.mention",
        title=_("%(author)s vous mentionne dans « %(title)s »")
        % {"author": thread.author.display_name, "title": thread.title},
        body=thread.body[:500],
        url=url,
        exclude=thread.author,
    )
    follows = CategoryFollow.objects.filter(category=thread.category).select_related("user")
    for follow in follows:
        if follow.user in mentioned or follow.user_id == thread.author_id:
            continue
        notification_send(
            recipients=[follow.user],
            kind="forum.thread",
            title=_("Nouveau sujet dans %(category)s : « %(title)s »")
            % {"category": thread.category.name, "title": thread.title},
            body=thread.body[:500]
            + "\n\n"
            + _("Ne plus suivre cette catégorie : %(url)s")
            % {"url": unfollow_url(user=follow.user, category=thread.category)},
            url=url,
        )


def new_reply_notify(*, reply_id: int) -> None:
    reply = Reply.objects.select_related("user").get(pk=reply_id)
    thread = Thread.objects.select_related("category").get(pk=int(reply.object_pk))
    url = reply_url(reply)
    mentioned = [u for u in mentioned_users(reply.comment) if u.pk != reply.user_id]
    notification_send(
        recipients=mentioned,
        kind="forum.mention",
        title=_("%(author)s vous mentionne dans « %(title)s »")
        % {"author": reply.user.display_name, "title": thread.title},
        body=reply.comment[:500],
        url=url,
        exclude=reply.user,
    )
    for follow in ThreadFollow.objects.filter(thread=thread).select_related("user"):
        if follow.user_id == reply.user_id or follow.user in mentioned:
            continue
        notification_send(
            recipients=[follow.user],
            kind="forum.reply",
            title=_("Nouvelle réponse de %(author)s dans « %(title)s »")
            % {"author": reply.user.display_name, "title": thread.title},
            body=reply.comment[:500]
            + "\n\n"
            + _("Ne plus suivre ce sujet : %(url)s")
            % {"url": unfollow_url(user=follow.user, thread=thread)},
            url=url,
        )


def notify_author_of_moderation(*, thread: Thread | None, reply: Reply | None, text: str) -> None:
    author = reply.user if reply is not None else thread.author
    if author is None:
        return
    target = thread or Thread.objects.get(pk=int(reply.object_pk))
    notification_send(
        recipients=[author],
        kind="forum.moderation",
        title=text,
        url=target.get_absolute_url() if target.is_published else "",
    )
