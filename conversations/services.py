"""Writes of private conversations: starting one, writing, reading, leaving, blocking,
turning them off, reporting one and closing the report. Each member told of a new message
through the notification module (their rhythm, or never); never someone who blocked the
writer."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import (
    Block,
    Conversation,
    ConversationSettings,
    Message,
    Participant,
    Report,
)
from labo.notifications.services import notification_send
from labo.roles import MODERATOR_GROUP, STAFF_GROUP


def conversation_start(*, author, recipients: list, subject: str, body: str) -> Conversation:
    """The caller has checked permissions.write_refusal for each recipient and the limits."""
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            subject=subject, started_by=author, last_message_at=now
        )
        Participant.objects.bulk_create(
            [Participant(conversation=conversation, user=author, last_read_at=now)]
            + [Participant(conversation=conversation, user=member) for member in recipients]
        )
        message = Message.objects.create(conversation=conversation, author=author, body=body)
        _tell_others(message)
    return conversation


def message_send(*, conversation: Conversation, author, body: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(conversation=conversation, author=author, body=body)
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
        Participant.objects.filter(conversation=conversation, user=author).update(
            last_read_at=message.created_at
        )
        _tell_others(message)
    return message


def _tell_others(message: Message) -> None:
    author = message.author
    blocked_me = Block.objects.filter(blocked=author).values("blocker_id")
    readers = [
        seat.user
        for seat in Participant.objects.filter(
            conversation_id=message.conversation_id, left_at__isnull=True
        )
        .exclude(user=author)
        .exclude(user__in=blocked_me)
        .select_related("user")
    ]
    conversation = message.conversation
    notification_send(
        recipients=readers,
        kind="conversations.message",
        title=_("Message privé de %(author)s : « %(subject)s »")
        % {"author": author.display_name, "subject": conversation.subject},
        body=message.body[:500],
        url=conversation.get_absolute_url(),
        exclude=author,
    )


def conversation_mark_read(*, user, conversation: Conversation) -> None:
    Participant.objects.filter(
        Q(last_read_at__isnull=True) | Q(last_read_at__lt=conversation.last_message_at),
        conversation=conversation,
        user=user,
    ).update(last_read_at=conversation.last_message_at)


def conversation_leave(*, user, conversation: Conversation) -> None:
    """The member no longer sees it nor is told of it; when nobody is left, it is deleted."""
    with transaction.atomic():
        Participant.objects.filter(
            conversation=conversation, user=user, left_at__isnull=True
        ).update(left_at=timezone.now())
        _forget_if_empty(conversation.pk)


def _forget_if_empty(conversation_id: int) -> None:
    staying = Participant.objects.filter(conversation_id=conversation_id, left_at__isnull=True)
    if (
        not staying.exists()
        and not Report.objects.filter(
            conversation_id=conversation_id, resolved_at__isnull=True
        ).exists()
    ):
        Conversation.objects.filter(pk=conversation_id).delete()


def member_block(*, user, member, block: bool) -> None:
    if block:
        Block.objects.get_or_create(blocker=user, blocked=member)
    else:
        Block.objects.filter(blocker=user, blocked=member).delete()


def conversations_accept(*, user, accept: bool) -> None:
    ConversationSettings.objects.update_or_create(user=user, defaults={"accepts_messages": accept})


def conversation_report(*, user, conversation: Conversation, details: str) -> Report:
    """Report it to the moderators, who are told and may then read this conversation (and no
    other) until one of them closes the report."""
    report = Report.objects.create(conversation=conversation, reporter=user, details=details)
    moderators = (
        get_user_model()
        .objects.filter(
            Q(groups__name__in=[MODERATOR_GROUP, STAFF_GROUP]) | Q(is_superuser=True),
            is_active=True,
        )
        .distinct()
    )
    notification_send(
        recipients=moderators,
        kind="forum.moderation",
        title=_("Une conversation privée est signalée à la modération"),
        body=details[:500],
        url=reverse("conversations:reports"),
        exclude=user,
    )
    return report


def report_close(*, report: Report, by) -> None:
    Report.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    _forget_if_empty(report.conversation_id)


def member_conversations_forget(*, user) -> None:
    """Before an account goes: its seats go with it (their messages stay, signed « membre
    supprimé »), and a conversation nobody is left in is deleted."""
    conversation_ids = list(
        Participant.objects.filter(user=user).values_list("conversation_id", flat=True)
    )
    Participant.objects.filter(user=user).delete()
    for conversation_id in conversation_ids:
        _forget_if_empty(conversation_id)
