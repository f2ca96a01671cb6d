"""Who may see and do what in the forum. The same functions filter the lists, the search, the
feeds and the counts, guard the views and hide the buttons."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from forum.models import Category, PostStatus, Reply, Thread
from labo.permissions import is_member, is_moderator, is_silenced


def can_post(user) -> bool:
    """Members write in the forum, unless a moderator has silenced them for a while."""
    return is_member(user) and (not is_silenced(user) or is_moderator(user))


def can_view_category(user, category: Category) -> bool:
    return not category.members_only or is_member(user)


def categories_visible_to(user):
    return categories_for(members=is_member(user))


def categories_for(*, members: bool):
    """The categories members see, or visitors (`members=False`)."""
    categories = Category.objects.all()
    return categories if members else categories.filter(members_only=False)


def can_view_thread(user, thread: Thread) -> bool:
    if not can_view_category(user, thread.category):
        return False
    if thread.status == PostStatus.PUBLISHED:
        return True
    if thread.status == PostStatus.DELETED:
        return False
    # Pending or hidden: its author (who is told) and the moderators.
    return is_moderator(user) or (is_member(user) and thread.author_id == user.pk)


def threads_visible_to(user):
    """The published threads of the categories this person may see."""
    return threads_for(members=is_member(user))


def threads_for(*, members: bool):
    """The published threads members see, or visitors (`members=False`)."""
    return Thread.objects.filter(
        status=PostStatus.PUBLISHED, category__in=categories_for(members=members)
    )


def can_start_thread(user, category: Category) -> bool:
    return can_post(user) and can_view_category(user, category)


def can_preview(user) -> bool:
    """Members see how their text will look before posting (threads, replies, edits)."""
    return is_member(user)


def can_upload_image(user) -> bool:
    """Members put pictures in what they write (the daily limit is forum.images')."""
    return can_post(user)


def can_reply(user, thread: Thread) -> bool:
    return (
        can_post(user)
        and thread.status == PostStatus.PUBLISHED
        and can_view_category(user, thread.category)
        and (not thread.locked or is_moderator(user))
    )


def _within_edit_window(created_at) -> bool:
    return timezone.now() - created_at <= timedelta(minutes=settings.FORUM_EDIT_WINDOW_MINUTES)


def can_edit_thread(user, thread: Thread) -> bool:
    if is_moderator(user):
        return True
    return (
        can_post(user)
        and thread.author_id == user.pk
        and not thread.locked
        and _within_edit_window(thread.created_at)
    )


def can_edit_reply(user, reply: Reply) -> bool:
    if reply.is_deleted:
        return False
    if is_moderator(user):
        return True
    return can_post(user) and reply.user_id == user.pk and _within_edit_window(reply.submit_date)


def can_delete_reply(user, reply: Reply) -> bool:
    return not reply.is_deleted and (
        is_moderator(user) or (is_member(user) and reply.user_id == user.pk)
    )


def can_mark_solution(user, thread: Thread) -> bool:
    return is_moderator(user) or (is_member(user) and thread.author_id == user.pk)


def can_react(user, *, thread: Thread, author_id: int | None) -> bool:
    """« Merci », « +1 », « Utile » on a published post of a thread this member may read and
    that is still open, never on their own post."""
    return (
        can_post(user)
        and author_id != user.pk
        and thread.status == PostStatus.PUBLISHED
        and not thread.locked
        and can_view_category(user, thread.category)
    )


def can_react_on_replies(user, *, thread: Thread):
    """`can_react` for each reply of a page of `thread` (reply -> bool), on published replies
    only: what depends on the member and the thread is decided once for the page."""
    if not can_react(user, thread=thread, author_id=None):
        return lambda reply: False
    return lambda reply: reply.is_published and reply.user_id != user.pk


def can_flag(user) -> bool:
    return is_member(user)


def can_moderate(user) -> bool:
    return is_moderator(user)


def can_sanction(user, member) -> bool:
    """Moderators silence or suspend members; never one of the team or another moderator (the
    team acts on those accounts in the administration), never themselves."""
    return (
        is_moderator(user)
        and member.pk != user.pk
        and member.is_active
        and not member.is_superuser
        and not is_moderator(member)
    )


def can_see_sanctions(user) -> bool:
    """Trust levels and the sanctions history of members: moderators (the team among them)."""
    return is_moderator(user)
