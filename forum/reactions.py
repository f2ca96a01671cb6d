"""Reactions on posts: « Merci », « +1 », « Utile », one of each per member and post.

The counts live on the post (`reaction_counts`), rewritten from the Reaction rows in the
transaction that adds or removes one: a reader gets them with the post, and a visitor's
page costs no query for them. What a member has given on a page is read once per page and
kept under the content version (every reaction moves it)."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from forum.models import Reaction, ReactionKind, Reply, Thread
from labo import rate_limits
from labo.caching.versions import under_content_version
from labo.notifications.models import Notification
from labo.notifications.services import notification_send

# Where a post's reactions are, in URLs and in the template: the same words as the flags'.
THREAD_POST = "sujet"
REPLY_POST = "reponse"


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    count: int
    mine: bool

    @property
    def count_label(self) -> str:
        """« 3 réactions » for screen readers, after the number shown."""
        return ngettext(" réaction", " réactions", self.count)

    @property
    def pressed(self) -> str:
        return "true" if self.mine else "false"


def reaction_counts(post, mine: frozenset = frozenset()) -> list[ReactionCount]:
    """Every kind, in order, with the post's count and whether this member gave it."""
    counts = post.reaction_counts or {}
    return [
        ReactionCount(kind, label, int(counts.get(kind, 0)), kind in mine)
        for kind, label in _kinds(get_language())
    ]


@lru_cache(maxsize=8)
def _kinds(language: str) -> tuple[tuple[str, str], ...]:
    # The kinds' labels in the active language, translated once rather than for every post
    # of a page (`language` is only the key: the labels are translated in the active one).
    return tuple((kind, str(label)) for kind, label in ReactionKind.choices)


def reaction_bar_context(
    where: str, post, *, given: frozenset, can_react: bool, action: str = ""
) -> dict:
    """What a post's bar of reactions shows (forum.rendering.reaction_bar_html): its element's
    id, the form's address (`action`, when the caller has it already) and the counts."""
    return {
        "post": post,
        "dom_id": f"reactions-{where}-{post.pk}",
        "action": action or reverse("forum:react", args=[where, post.pk]),
        "counts": reaction_counts(post, given),
        "can_react": can_react,
    }


def given_on_page(user, thread: Thread, reply_ids) -> dict[tuple[str, int], frozenset]:
    """{(where, post id): kinds} that this member gave on the thread's opening post and these
    replies; empty for someone signed out. One query, kept under the content version."""
    if not user.is_authenticated:
        return {}
    reply_ids = sorted(reply_ids)

    def read() -> dict:
        given: dict[tuple[str, int], set] = {}
        rows = Reaction.objects.filter(user=user).filter(
            Q(thread=thread) | Q(reply_id__in=reply_ids)
        )
        for thread_id, reply_id, kind in rows.values_list("thread_id", "reply_id", "kind"):
            key = (THREAD_POST, thread_id) if reply_id is None else (REPLY_POST, reply_id)
            given.setdefault(key, set()).add(kind)
        return {key: frozenset(kinds) for key, kinds in given.items()}

    first = reply_ids[0] if reply_ids else 0
    return under_content_version(
        f"forum-given:{thread.pk}:{first}:{len(reply_ids)}:member-{user.pk}", read
    )


class TooManyReactions(Exception):
    """The member gave or took back more reactions this hour than FORUM_REACTIONS_PER_HOUR."""


def counts_of(post) -> dict:
    """{kind: count} of a post's reactions, from the rows (what `reaction_counts` keeps)."""
    target = {"reply": post} if isinstance(post, Reply) else {"thread": post}
    counts = dict(
        Reaction.objects.filter(**target)
        .values_list("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )
    return {kind: counts[kind] for kind in ReactionKind.values if counts.get(kind)}


def reaction_toggle(*, user, post, kind: str) -> bool:
    """Give the reaction `kind` to `post` (a Thread or a Reply) or take it back; True when it is
    now given. The post's author is told in their digest. The caller has checked
    forum.permissions.can_react; raises TooManyReactions past the hourly limit."""
    if rate_limits.hit(f"forum-reactions:{user.pk}", window=3600) > (
        settings.FORUM_REACTIONS_PER_HOUR
    ):
        raise TooManyReactions
    target = {"reply": post} if isinstance(post, Reply) else {"thread": post}
    with transaction.atomic():
        # The post's row is the lock: two reactions at once still count right.
        type(post).objects.select_for_update().filter(pk=post.pk).values_list("pk").first()
        removed, _by_model = Reaction.objects.filter(user=user, kind=kind, **target).delete()
        if not removed:
            try:
                with transaction.atomic():
                    Reaction.objects.create(user=user, kind=kind, **target)
            except IntegrityError:  # given meanwhile from another tab: it stays given
                pass
        post.reaction_counts = counts_of(post)
        type(post).objects.filter(pk=post.pk).update(reaction_counts=post.reaction_counts)
        if not removed:
            _tell_author(post=post, giver=user, kind=kind)
    return not removed


def _tell_author(*, post, giver, kind: str) -> None:
    """One notification per post while unread: its title is rewritten with the counts, so a
    popular reply makes one line of the digest, not twenty."""
    is_reply = isinstance(post, Reply)
    author = post.user if is_reply else post.author
    if author is None or author.pk == giver.pk:
        return
    thread = Thread.objects.only("title").get(pk=int(post.object_pk)) if is_reply else post
    url = reverse("forum:reply", args=[post.pk]) if is_reply else thread.get_absolute_url()
    total = sum(post.reaction_counts.values())
    if total <= 1:
        title = (
            _("%(name)s a réagi « %(reaction)s » à votre réponse dans « %(title)s »")
            if is_reply
            else _("%(name)s a réagi « %(reaction)s » à votre sujet « %(title)s »")
        ) % {"name": giver.display_name, "reaction": ReactionKind(kind).label,
             "title": thread.title}  # fmt: skip
    else:
        title = (
            ngettext(
                "%(count)d réaction à votre réponse dans « %(title)s »",
                "%(count)d réactions à votre réponse dans « %(title)s »",
                total,
            )
            if is_reply
            else ngettext(
                "%(count)d réaction à votre sujet « %(title)s »",
                "%(count)d réactions à votre sujet « %(title)s »",
                total,
            )
        ) % {"count": total, "title": thread.title}
    body = " · ".join(
        f"{count.label} {count.count}" for count in reaction_counts(post) if count.count
    )
    waiting = Notification.objects.filter(
        recipient=author, kind="forum.reaction", url=url, read_at__isnull=True
    ).exclude(email_status="sent")
    if not waiting.update(title=title[:200], body=body):
        notification_send(
            recipients=[author], kind="forum.reaction", title=title, body=body, url=url
        )


def reactions_withdraw(*, user) -> None:
    """Take back every reaction of a member whose account goes, and count their posts again
    (the rows would go with the account; the counts kept on the posts would not)."""
    given = Reaction.objects.filter(user=user)
    reply_ids = set(given.filter(reply__isnull=False).values_list("reply_id", flat=True))
    thread_ids = set(given.filter(thread__isnull=False).values_list("thread_id", flat=True))
    with transaction.atomic():
        given.delete()
        for reply in Reply.objects.filter(pk__in=reply_ids):
            Reply.objects.filter(pk=reply.pk).update(reaction_counts=counts_of(reply))
        for thread in Thread.objects.filter(pk__in=thread_ids):
            Thread.objects.filter(pk=thread.pk).update(reaction_counts=counts_of(thread))
