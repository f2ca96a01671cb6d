"""What a member sees of their conversations, and what moderators see of reported ones."""

from django.db.models import Exists, F, OuterRef, Q

from conversations.models import Block, Conversation, Message, Participant, Report


def inbox(user):
    """The conversations this member takes part in, the latest first, each marked `is_unread`
    and with `others` (the other participants' names) in two queries in all."""
    seats = Participant.objects.filter(user=user, left_at__isnull=True)
    conversations = list(
        Conversation.objects.filter(pk__in=seats.values("conversation_id"))
        .annotate(
            is_unread=Exists(
                seats.filter(conversation=OuterRef("pk")).filter(
                    Q(last_read_at__isnull=True) | Q(last_read_at__lt=OuterRef("last_message_at"))
                )
            )
        )
        .order_by("-last_message_at")
    )
    names: dict[int, list[str]] = {}
    for conversation_id, name in (
        Participant.objects.filter(
            conversation__in=[c.pk for c in conversations], left_at__isnull=True
        )
        .exclude(user=user)
        .order_by("user__display_name")
        .values_list("conversation_id", "user__display_name")
    ):
        names.setdefault(conversation_id, []).append(name)
    for conversation in conversations:
        conversation.others = names.get(conversation.pk, [])
    return conversations


def unread_count(user) -> int:
    return (
        Participant.objects.filter(user=user, left_at__isnull=True)
        .filter(
            Q(last_read_at__isnull=True) | Q(last_read_at__lt=F("conversation__last_message_at"))
        )
        .count()
    )


def messages_of(conversation: Conversation):
    return Message.objects.filter(conversation=conversation).select_related("author__profile")


def participants_of(conversation: Conversation):
    """Those still in it, then those who left (shown as such)."""
    return (
        Participant.objects.filter(conversation=conversation)
        .select_related("user__profile")
        .order_by(F("left_at").asc(nulls_first=True), "user__display_name")
    )


def blocked_by(user):
    return (
        Block.objects.filter(blocker=user)
        .select_related("blocked")
        .order_by("blocked__display_name")
    )


def open_reports():
    """The reports moderators have to read, oldest first, with their conversation."""
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("conversation", "reporter")
        .order_by("created_at")
    )


def open_reports_of(conversation: Conversation):
    return Report.objects.filter(
        conversation=conversation, resolved_at__isnull=True
    ).select_related("reporter")
