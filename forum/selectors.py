"""Reads of the forum, filtered by forum.permissions: category list with activity and unread
counts, thread lists, a thread's replies page by page, permalinks and read state."""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from forum import permissions
from forum.links import THREAD_LINKS
from forum.markdown import render_markdown
from forum.mentions import link_mentions, mention_names
from forum.models import (
    Category,
    Flag,
    PostStatus,
    Reply,
    Thread,
    ThreadFollow,
    ThreadRead,
    ThreadTag,
)
from forum.reactions import REPLY_POST, given_on_page
from forum.trust import levels_of
from labo.caching.versions import content_version, under_content_version
from labo.core.expressions import count_of
from labo.facets import CachedCountPaginator, KnownCountPaginator, kept_count
from labo.permissions import is_member, is_moderator
from labo.prepared import PreparedQuery, PreparedSlices


def _with_read_state(threads, user):
    """Annotate `last_read_at` (None: never opened) for a member."""
    if not is_member(user):
        return threads
    return threads.annotate(
        last_read_at=Subquery(
            ThreadRead.objects.filter(user=user, thread=OuterRef("pk")).values("last_read_at")[:1]
        )
    )


def _unread_filter(user) -> Q:
    """New (never opened, active since the member joined) or unread (activity since read)."""
    return Q(last_read_at__isnull=True, last_activity_at__gte=user.date_joined) | Q(
        last_read_at__lt=F("last_activity_at")
    )


def _unread_parts(user):
    """The visible threads with something new for this member, in two parts that each read
    an index: never opened and active since they joined (an anti-join on their read marks),
    and opened before their last activity (from their read marks). One correlated subquery
    per thread instead cost 27–54 ms at national scale."""
    return _unread_parts_of(user.pk, user.date_joined)


def _unread_parts_of(user_id: int, joined):
    """`_unread_parts` of the member `user_id`, who joined at `joined` (a moment, or the
    column of an outer query's row)."""
    visible = permissions.threads_for(members=True).order_by()
    never_opened = visible.filter(last_activity_at__gte=joined).exclude(
        Exists(ThreadRead.objects.filter(user_id=user_id, thread=OuterRef("pk")))
    )
    read_before = visible.filter(
        reads__user_id=user_id, reads__last_read_at__lt=F("last_activity_at")
    )
    return never_opened, read_before


def unread_count_key(user_id: int) -> str:
    return f"labo:forum:unread:{user_id}"


# A member's threads with something new, for the navigation. Counting means reading the read
# state of every visible thread (40 ms at national scale) on every page, so the count is kept
# per member until content changes (content version) or they read a thread
# (`forum.services.thread_mark_read` drops it). labo.core.menu reads it with the other header
# counts.


def kept_unread_thread_count(user) -> int | None:
    if not is_member(user):
        return 0
    stored = cache.get(unread_count_key(user.pk))
    if stored is not None and stored[0] == content_version():
        return stored[1]
    return None


def unread_thread_count_expression(user_id: int):
    """For the header's query, whose row is the member (`OuterRef("date_joined")`). The two
    parts are apart (never opened, read before): their counts add up."""
    never_opened, read_before = _unread_parts_of(user_id, OuterRef("date_joined"))
    return count_of(never_opened) + count_of(read_before)


def keep_unread_thread_count(user, count: int) -> None:
    cache.set(unread_count_key(user.pk), (content_version(), count), 3600)


def _category_activity() -> dict[int, tuple[int, object]]:
    """(published threads, last activity) per category: a scan of every thread, so kept under
    the content version, which each new thread, reply or moderation moves on."""

    def compute():
        rows = (
            Thread.objects.filter(status=PostStatus.PUBLISHED)
            .order_by()
            .values("category")
            .annotate(total=Count("pk"), last=Max("last_activity_at"))
        )
        return {row["category"]: (row["total"], row["last"]) for row in rows}

    return under_content_version("forum:category-activity", compute)


def category_list(user) -> list[Category]:
    categories = list(permissions.categories_visible_to(user))
    activity = _category_activity()
    for category in categories:
        category.thread_total, category.last_activity = activity.get(category.pk, (0, None))
    if is_member(user):
        unread = [
            dict(part.values_list("category").annotate(n=Count("pk")))
            for part in _unread_parts(user)
        ]
        for category in categories:
            category.unread = sum(counts.get(category.pk, 0) for counts in unread)
    return categories


def _listed_threads(user):
    """The threads this person may read, as a list's rows."""
    return _listed_rows(permissions.threads_visible_to(user))


def _listed_rows(threads):
    """`threads` with what a row of a list shows (the author's profile for their photo) and
    nothing it does not, newest activity first after the pinned ones: a row never shows the
    message, and turning 25 messages and password hashes into Python costs a page a
    millisecond."""
    return (
        threads.select_related("category", "author__profile")
        .prefetch_related("tags")
        .defer("body", "author__password")
        .order_by("-pinned", "-last_activity_at", "-pk")
    )


def _category_threads(members: bool, tag: str, category_id: int):
    threads = permissions.threads_for(members=members).filter(category_id=category_id)
    return threads.filter(tags__slug=tag) if tag else threads


def _category_rows(tag: str, start: int, stop: int, category_id: int):
    return _listed_rows(_category_threads(False, tag, category_id))[start:stop]


def _category_rows_read_by(tag: str, start: int, stop: int, category_id: int, user_id: int):
    threads = _listed_rows(_category_threads(True, tag, category_id))
    read_at = ThreadRead.objects.filter(user_id=user_id, thread=OuterRef("pk"))
    return threads.annotate(last_read_at=Subquery(read_at.values("last_read_at")[:1]))[start:stop]


def _category_total(members: bool, tag: str, category_id: int):
    threads = _category_threads(members, tag, category_id).order_by()
    return threads.values("category_id").annotate(n=Count("pk")).values_list("n", flat=True)


# A page of a category's threads, compiled once per tag and page, for visitors or for members
# (with their read marks): each category sends the same SQL with its own id.
CATEGORY_ROWS = PreparedQuery(_category_rows, kept=64, parameters=("category_id",))
CATEGORY_ROWS_READ_BY = PreparedQuery(
    _category_rows_read_by, kept=64, parameters=("category_id", "user_id")
)
CATEGORY_TOTAL = PreparedQuery(_category_total, kept=64, parameters=("category_id",))


def category_threads(
    user, category: Category, *, page_number=None, only_unread=False, tag: str = ""
):
    """A page of a category's threads this person may read, those with the tag `tag` only
    when one is given."""
    members = is_member(user)
    if only_unread and members:
        threads = _listed_rows(_with_read_state(_category_threads(True, tag, category.pk), user))
        page = Paginator(
            threads.filter(_unread_filter(user)), settings.FORUM_THREADS_PER_PAGE
        ).get_page(page_number)
    else:
        # The published threads of the category: the same total for all who may see it.
        total = kept_count(
            f"forum-category:{category.pk}" + (f":tag:{tag}" if tag else ""),
            lambda: sum(CATEGORY_TOTAL.rows(members=members, tag=tag, category_id=category.pk)),
        )
        if members:
            rows = PreparedSlices(
                CATEGORY_ROWS_READ_BY, total, tag=tag, category_id=category.pk, user_id=user.pk
            )
        else:
            rows = PreparedSlices(CATEGORY_ROWS, total, tag=tag, category_id=category.pk)
        page = KnownCountPaginator(rows, settings.FORUM_THREADS_PER_PAGE, count=total).get_page(
            page_number
        )
    if not members:
        # Read only when the list is rendered, not when it comes from the cache of fragments
        # (labo.caching.fragments); a visitor has nothing unread.
        return page
    for thread in page.object_list:
        _mark_unread(thread, user)
    return page


def tag_of_threads(slug: str):
    """The tag a page of the forum is about, or None when there is no such tag."""
    return ThreadTag.tag_model().objects.filter(slug=slug).first()


def tagged_threads(user, tag, *, page_number=None):
    """A page of the threads with `tag` that this person may read, in every category."""
    threads = _listed_threads(user).filter(tags=tag).order_by("-last_activity_at", "-pk")
    page = Paginator(_with_read_state(threads, user), settings.FORUM_THREADS_PER_PAGE).get_page(
        page_number
    )
    if is_member(user):
        for thread in page.object_list:
            _mark_unread(thread, user)
    return page


def latest_threads(user, *, limit: int = 30):
    return (
        permissions.threads_visible_to(user)
        .select_related("category", "author")
        .order_by("-last_activity_at", "-pk")[:limit]
    )


def _mark_unread(thread: Thread, user) -> None:
    if not is_member(user):
        thread.is_new = thread.is_unread = False
        return
    last_read = getattr(thread, "last_read_at", None)
    thread.is_new = last_read is None and thread.last_activity_at >= user.date_joined
    thread.is_unread = last_read is not None and last_read < thread.last_activity_at


# A thread's replies ----------------------------------------------------------------------------


def _readers(user) -> str | int:
    """Who reads a thread's replies, for what they are shown: the moderators (every held
    reply), a member (their own held replies: their id), or visitors."""
    if is_moderator(user):
        return "moderators"
    if is_member(user):
        return user.pk
    return "visitors"


def _visible_replies(user, thread: Thread):
    """Published replies and placeholders of deleted ones; held and hidden replies only for
    their author and the moderators (marked as such)."""
    return _replies_for(thread.pk, _readers(user))


def _replies_for(thread_pk: int, readers: str | int):
    replies = Reply.objects.filter(object_pk=str(thread_pk), content_type__model="thread")
    shown = Q(status__in=[PostStatus.PUBLISHED, PostStatus.DELETED])
    if readers == "moderators":
        shown |= Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
    elif readers != "visitors":
        shown |= Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN], user_id=readers)
    return replies.filter(shown).order_by("thread_id", "order")


def _reply_rows(thread_pk: int, readers: str | int, start: int, stop: int):
    return _replies_for(thread_pk, readers).select_related("user__profile")[start:stop]


def _reply_marks(thread_pk: int, readers: str | int, start: int, stop: int):
    return _replies_for(thread_pk, readers).values_list("pk", "user_id", "submit_date")[start:stop]


# A page of a thread's replies, for the most read threads of each worker; what a member's
# read mark needs of it.
REPLY_ROWS = PreparedQuery(_reply_rows, kept=64)
REPLY_MARKS = PreparedQuery(_reply_marks, kept=64)


def thread_replies_page(user, thread: Thread, page_number=None):
    """A page of the replies this person may see. Their total is kept under the content
    version (any reply written, held, approved or hidden moves it): one for visitors, one for
    the moderators, who see every held reply, and one per member, whose own held replies
    count too."""
    readers = _readers(user)
    total = CachedCountPaginator(
        _replies_for(thread.pk, readers),
        settings.FORUM_REPLIES_PER_PAGE,
        key=f"forum-replies:{thread.pk}:{readers}",
    ).count
    return KnownCountPaginator(
        PreparedSlices(REPLY_ROWS, total, thread_pk=thread.pk, readers=readers),
        settings.FORUM_REPLIES_PER_PAGE,
        count=total,
    ).get_page(page_number)


def reply_page_number(user, reply: Reply) -> int:
    thread = Thread(pk=int(reply.object_pk))
    before = (
        _visible_replies(user, thread)
        .filter(
            Q(thread_id__lt=reply.thread_id) | Q(thread_id=reply.thread_id, order__lt=reply.order)
        )
        .count()
    )
    return before // settings.FORUM_REPLIES_PER_PAGE + 1


def reply_url(reply: Reply) -> str:
    """The stable permalink of a reply: it redirects to the page the reply is on."""
    return reverse("forum:reply", args=[reply.pk])


def _thread_row(pk: int):
    return (
        Thread.objects.select_related("category", "author__profile")
        .prefetch_related("tags")  # the header's tags, kept with the row
        .filter(pk=pk)
        .order_by("pk")[:1]
    )


THREAD_ROW = PreparedQuery(_thread_row, kept=64)


def thread_for_page(user, pk: int) -> Thread | None:
    """The thread of a thread's page, with its category, author and tags, or None when there is no
    such thread (who may see it is the view's to check). The row is the same for everyone:
    kept under the content version and for a minute at most (its view count moves without a
    content change: `flush_counters`). A member's read mark and follow come in one light query
    of their own (`reader_read_at`, `reader_follows`: `last_read_at`, `is_followed`)."""
    minute = int(time.time()) // 60
    thread = under_content_version(
        f"forum-thread:{pk}:{minute}", lambda: THREAD_ROW.first(pk=pk) or False, timeout=60
    )
    if not thread:
        return None
    if is_member(user):
        marks = (
            Thread.objects.filter(pk=pk)
            .annotate(
                reader_read_at=Subquery(
                    ThreadRead.objects.filter(user=user, thread=OuterRef("pk"))
                    .order_by("pk")
                    .values("last_read_at")[:1]
                ),
                reader_follows=Exists(
                    ThreadFollow.objects.filter(user=user, thread=OuterRef("pk"))
                ),
            )
            .values_list("reader_read_at", "reader_follows")
            .first()
        )
        thread.reader_read_at, thread.reader_follows = marks or (None, False)
    return thread


def last_read_at(user, thread: Thread):
    """When the member last read this thread, or None (never, or not a member)."""
    if not is_member(user):
        return None
    if hasattr(thread, "reader_read_at"):
        return thread.reader_read_at
    read = ThreadRead.objects.filter(user=user, thread=thread).only("last_read_at").first()
    return read.last_read_at if read else None


def is_followed(user, thread: Thread) -> bool:
    if not is_member(user):
        return False
    if hasattr(thread, "reader_follows"):
        return thread.reader_follows
    return ThreadFollow.objects.filter(user=user, thread=thread).exists()


def first_unread_reply(user, thread: Thread) -> Reply | None:
    """The oldest reply by someone else the member has not read."""
    if not is_member(user):
        return None
    read_at = last_read_at(user, thread)
    replies = _visible_replies(user, thread).exclude(user=user)
    if read_at is not None:
        replies = replies.filter(submit_date__gt=read_at)
    return replies.first()


def has_unread_replies(user, thread: Thread, read_at) -> bool:
    """Whether `first_unread_reply` would find one, given the member's read mark `read_at`.

    Every published reply moves the thread's last activity to at least its own date, and a
    member's own reply moves their read mark past it: for a member who has read the thread
    before, comparing the two dates answers without reading the replies. Moderators also see
    others' held replies, which do not move it: they get the query."""
    if not is_member(user):
        return False
    if read_at is not None and not is_moderator(user):
        return thread.last_activity_at > read_at
    return first_unread_reply(user, thread) is not None


def replies_shown(user, thread: Thread, page) -> list[tuple[int, int | None, object]]:
    """Each reply of the page, who wrote it and when (id, author id, date), for a member (empty
    for a visitor): enough to move their read mark, count what they read for the first time,
    find their reactions and choose the page's fragment (`replies_fragment_key`). Kept
    under the content version per member and page (any reply written, edited, held or approved
    moves it) when the replies may come from the cache of fragments; the replies themselves
    for a moderator, whose page is rendered anyway (the template reuses them)."""
    if not is_member(user):
        return []
    if permissions.can_moderate(user):
        return [(reply.pk, reply.user_id, reply.submit_date) for reply in page.object_list]
    # Only what is needed of the page's replies, not the replies (nor their authors).
    start, stop = max(page.start_index() - 1, 0), page.end_index()
    return under_content_version(
        f"forum-shown:{thread.pk}:{page.number}:member-{user.pk}",
        lambda: REPLY_MARKS.rows(
            thread_pk=thread.pk, readers=_readers(user), start=start, stop=stop
        ),
    )


def replies_fragment_key(user, thread: Thread, shown, given=None) -> str | None:
    """Whose copy of this page of replies the person gets, with what they may do on it, as a
    word for the key of the replies fragment (forum/thread.html, keyed by the page's total too,
    which a member's held replies elsewhere in the thread change):

    - the copy shared by everyone of their tier (visitors, members) when the page shows them
      nothing of their own;
    - their own copy, kept as well, when it does: their replies (to edit or delete, held ones
      included), their reactions (`given`: `reactions.given_on_page`), the solution buttons
      of the thread's author;
    - None for moderators: rendered afresh, their buttons follow flags, which are counted
      without a signal. `shown`: `replies_shown`."""
    if permissions.can_moderate(user):
        return None
    can_mark_solution = permissions.can_mark_solution(user, thread)
    personal = can_mark_solution or (
        is_member(user)
        and (
            any(author_id == user.pk for _pk, author_id, _date in shown)
            or any(where == REPLY_POST for where, _pk in given or {})
        )
    )
    owner = f"person-{user.pk}" if personal else "shared"
    flags = (permissions.can_reply(user, thread), permissions.can_flag(user), can_mark_solution)
    return f"{owner}:{''.join(str(int(flag)) for flag in flags)}"


def related_pages(user, thread: Thread) -> list[tuple[str, object]]:
    """The project, resource and event the thread is linked to, as (label, page), those this
    reader may see only: a thread of a public category may name a resource or an event kept
    for members, whose title stays theirs. One query per link the thread has."""
    return [
        (link.label, page)
        for link in THREAD_LINKS
        if getattr(thread, f"{link.field}_id") is not None
        for page in link.pages(user)
        .filter(pk=getattr(thread, f"{link.field}_id"))
        .only("title", "url_path", "path", "depth")[:1]
    ]


def thread_context(*, user, thread: Thread, page_number=None) -> dict:
    page = thread_replies_page(user, thread, page_number)
    read_at = last_read_at(user, thread)
    shown = replies_shown(user, thread, page)
    given = given_on_page(user, thread, [pk for pk, _author, _date in shown])
    return {
        "thread": thread,
        "page_obj": page,
        # Lazy: a visitor's replies may come from the cache of fragments.
        "replies": page.object_list,
        # The members the page names, in one query for its replies, read only when they are
        # rendered (a visitor's come from the cache of fragments); the thread's own apart
        # (no query when it names nobody).
        "thread_mentions": SimpleLazyObject(lambda: mention_names([thread.body])),
        "mentions": SimpleLazyObject(
            lambda: mention_names(reply.comment for reply in page.object_list)
        ),
        "related_pages": SimpleLazyObject(lambda: related_pages(user, thread)),
        "is_following": is_followed(user, thread),
        "last_read_at": read_at,
        "last_shown_at": max((date for _pk, _author, date in shown), default=thread.created_at),
        # Replies read for the first time, for the member's trust level (forum.trust).
        "newly_read": sum(1 for _pk, _author, date in shown if read_at is None or date > read_at)
        + (read_at is None),
        "reactions_given": given,
        "has_unread": has_unread_replies(user, thread, read_at),
        "replies_key": replies_fragment_key(user, thread, shown, given),
        "can_reply": permissions.can_reply(user, thread),
        "can_edit_thread": permissions.can_edit_thread(user, thread),
        "can_mark_solution": permissions.can_mark_solution(user, thread),
        "can_moderate": permissions.can_moderate(user),
        # The trust level of each author of the page, shown to moderators only.
        "trust_levels": SimpleLazyObject(
            lambda: levels_of([thread.author_id, *(author for _pk, author, _date in shown)])
        )
        if permissions.can_see_sanctions(user)
        else {},
        "can_flag": permissions.can_flag(user),
        "categories": list(permissions.categories_visible_to(user))
        if permissions.can_moderate(user)
        else [],
    }


def moderation_waiting_count() -> int:
    """How many posts wait for a moderator (held, hidden, or published with an open flag): the
    figure of « Mon espace », counted from the few flagged or held rows, not the whole forum."""
    held = [PostStatus.PENDING, PostStatus.HIDDEN]
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    # Four index-backed parts, disjoint (a held post is not published), counted in one query:
    # an OR across them made PostgreSQL read every reply.
    parts = [
        Thread.objects.filter(status__in=held).values_list("pk").order_by(),
        Thread.objects.filter(status=PostStatus.PUBLISHED, pk__in=open_flags.values("thread_id"))
        .values_list("pk")
        .order_by(),
        Reply.objects.filter(status__in=held).values_list("pk").order_by(),
        Reply.objects.filter(status=PostStatus.PUBLISHED, pk__in=open_flags.values("reply_id"))
        .values_list("pk")
        .order_by(),
    ]
    return parts[0].union(*parts[1:], all=True).count()


def moderation_queue():
    """What waits for a moderator: held posts, hidden posts, and posts with open flags."""
    open_flags = Q(flags__resolved_at__isnull=True)
    threads = (
        Thread.objects.filter(
            Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
            | Q(flags__isnull=False, flags__resolved_at__isnull=True, status=PostStatus.PUBLISHED)
        )
        .annotate(open_flags=Count("flags", filter=open_flags))
        .select_related("category", "author")
        .order_by("created_at")
        .distinct()
    )
    reply_flags = Q(forum_flags__resolved_at__isnull=True)
    replies = (
        Reply.objects.filter(
            Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
            | Q(
                forum_flags__isnull=False,
                forum_flags__resolved_at__isnull=True,
                status=PostStatus.PUBLISHED,
            )
        )
        .annotate(open_flags=Count("forum_flags", filter=reply_flags))
        .select_related("user")
        .prefetch_related("forum_flags")
        .order_by("submit_date")
        .distinct()
    )
    replies = list(replies)
    threads_by_id = Thread.objects.select_related("category").in_bulk(
        [int(r.object_pk) for r in replies]
    )
    for reply in replies:
        reply.forum_thread = threads_by_id.get(int(reply.object_pk))
    return {"threads": list(threads), "replies": replies}


def post_preview(text: str) -> str:
    """The HTML a post's text will become, mention links included."""
    return link_mentions(render_markdown(text), mention_names([text]))


def _liveliest_threads(members: bool):
    return (
        permissions.threads_for(members=members)
        .select_related("category")
        .order_by("-last_activity_at")[:3]
    )


# The home page's « Discussions actives ».
LIVELIEST_THREADS = PreparedQuery(_liveliest_threads)


def liveliest_threads(user) -> list:
    return LIVELIEST_THREADS.rows(members=is_member(user))


def _threads_about(field: str, page_pk: int, members: bool):
    return (
        permissions.threads_for(members=members)
        .filter(**{field: page_pk})
        .select_related("category")
        .order_by("-last_activity_at")[:5]
    )


# « Au forum » on a project's, a resource's or an event's page.
THREADS_ABOUT = PreparedQuery(_threads_about, kept=64)


def threads_about(user, link, page_pk: int) -> list:
    """The five liveliest threads linked to a page (`link`: forum.links) this person may read."""
    return THREADS_ABOUT.rows(field=link.field, page_pk=page_pk, members=is_member(user))
