"""Who may read, start and write private conversations. Members only; a silenced member reads
but writes nothing (forum.permissions.can_post); nobody writes to a member who turned
conversations off or who blocked them; moderators read a conversation only while a report on
it is open."""

from django.utils.translation import gettext as _

from conversations.models import Block, Conversation, ConversationSettings, Participant, Report
from forum.permissions import can_post
from labo.permissions import is_member, is_moderator


def can_use_conversations(user) -> bool:
    return is_member(user)


def is_participant(user, conversation: Conversation) -> bool:
    return (
        is_member(user)
        and Participant.objects.filter(
            conversation=conversation, user=user, left_at__isnull=True
        ).exists()
    )


def has_open_report(conversation: Conversation) -> bool:
    return Report.objects.filter(conversation=conversation, resolved_at__isnull=True).exists()


def can_view_conversation(user, conversation: Conversation) -> bool:
    return is_participant(user, conversation) or (
        is_moderator(user) and has_open_report(conversation)
    )


def can_write(user, conversation: Conversation) -> bool:
    """Write in a conversation one takes part in, with someone left to read it."""
    return (
        can_post(user)
        and is_participant(user, conversation)
        and Participant.objects.filter(conversation=conversation, left_at__isnull=True)
        .exclude(user=user)
        .exists()
    )


def accepts_messages(member) -> bool:
    setting = ConversationSettings.objects.filter(user=member).first()
    return setting is None or setting.accepts_messages


def blocked_between(user, member) -> bool:
    """Either of them blocked the other."""
    return (
        Block.objects.filter(blocker=member, blocked=user).exists()
        or Block.objects.filter(blocker=user, blocked=member).exists()
    )


def write_refusal(user, member) -> str:
    """Why `user` may not start a conversation with `member`, or "" when they may."""
    if not is_member(member) or member.pk == user.pk:
        return _("Ce membre ne peut pas recevoir de message.")
    if blocked_between(user, member):
        return _("%(name)s ne peut pas recevoir vos messages.") % {"name": member.display_name}
    if not accepts_messages(member):
        return _("%(name)s ne reçoit pas de messages privés.") % {"name": member.display_name}
    return ""


def can_start_conversation(user) -> bool:
    return can_post(user)


def can_report(user, conversation: Conversation) -> bool:
    return is_participant(user, conversation)


def can_moderate_conversations(user) -> bool:
    return is_moderator(user)
