"""What the forum tells people: mentions, new threads and replies to those who follow them
(fanned out by forum.tasks after the post is committed), a moderation decision to its author;
every e-mail carries a signed link to stop following."""

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from forum.mentions import mentioned_users
from forum.models import CategoryFollow, Reply, Thread, ThreadFollow
from forum.selectors import reply_url
from labo.addresses import absolute_url
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


def _tell(*, author, thread: Thread, text: str, url: str, mentioned, followers, followed_title,
          followed_kind: str, unfollow_text: str, unfollow) -> None:  # fmt: skip
    """The people `text` mentions, then each follower who is neither its author nor mentioned
    (one notification each, with their own link to stop following)."""
    notification_send(
        recipients=mentioned,
        kind="forum.mention",
        title=_("%(author)s vous mentionne dans « %(title)s »")
        % {"author": author.display_name, "title": thread.title},
        body=text[:500],
        url=url,
        exclude=author,
    )
    for follower in followers:
        if follower.pk == author.pk or follower in mentioned:
            continue
        notification_send(
            recipients=[follower],
            kind=followed_kind,
            title=followed_title,
            body=text[:500] + "\n\n" + unfollow_text % {"url": unfollow(follower)},
            url=url,
        )


def new_thread_notify(*, thread_id: int) -> None:
    thread = Thread.objects.select_related("category", "author").get(pk=thread_id)
    follows = CategoryFollow.objects.filter(category=thread.category).select_related("user")
    _tell(
        author=thread.author,
        thread=thread,
        text=thread.body,
        url=thread.get_absolute_url(),
        mentioned=mentioned_users(thread.body),
        followers=[follow.user for follow in follows],
        followed_kind="forum.thread",
        followed_title=_("Nouveau sujet dans %(category)s : « %(title)s »")
        % {"category": thread.category.name, "title": thread.title},
        unfollow_text=_("Ne plus suivre cette catégorie : %(url)s"),
        unfollow=lambda user: unfollow_url(user=user, category=thread.category),
    )


def new_reply_notify(*, reply_id: int) -> None:
    reply = Reply.objects.select_related("user").get(pk=reply_id)
    thread = Thread.objects.select_related("category").get(pk=int(reply.object_pk))
    follows = ThreadFollow.objects.filter(thread=thread).select_related("user")
    _tell(
        author=reply.user,
        thread=thread,
        text=reply.comment,
        url=reply_url(reply),
        mentioned=[u for u in mentioned_users(reply.comment) if u.pk != reply.user_id],
        followers=[follow.user for follow in follows],
        followed_kind="forum.reply",
        followed_title=_("Nouvelle réponse de %(author)s dans « %(title)s »")
        % {"author": reply.user.display_name, "title": thread.title},
        unfollow_text=_("Ne plus suivre ce sujet : %(url)s"),
        unfollow=lambda user: unfollow_url(user=user, thread=thread),
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
