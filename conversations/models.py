"""Private conversations between members: a subject, its participants and their messages.
Never on a kept page (every page of them is personal), so no write moves a cache version."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    # Writes move: nothing kept (private pages, never cached).
    cache_moves = ()

    subject = models.CharField(_("objet"), max_length=150)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("conversation")

    def __str__(self):
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.pk])


class Participant(models.Model):
    """A member in a conversation: until they leave it (`left_at`), they read and write there;
    `last_read_at` marks what they have read."""

    # Writes move: nothing kept.
    cache_moves = ()

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conversation"], name="conversations_participant_once"
            )
        ]


class Message(models.Model):
    """Markdown, rendered at display time by the forum's one sanitising function."""

    # Writes move: nothing kept.
    cache_moves = ()

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # Kept when an account is deleted: the message shows « membre supprimé ».
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="conversation_messages",
    )
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="conversations_msg_idx")
        ]


class Block(models.Model):
    """`blocker` no longer receives conversations or messages from `blocked`."""

    # Writes move: nothing kept.
    cache_moves = ()

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="conversations_block_once")
        ]


class ConversationSettings(models.Model):
    """A member who turned private conversations off receives none (they may still write)."""

    # Writes move: nothing kept.
    cache_moves = ()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="conversation_settings",
    )
    accepts_messages = models.BooleanField(_("recevoir des messages privés"), default=True)


class Report(models.Model):
    """A participant's report of a conversation: until a moderator closes it, the moderators
    may read that conversation, and only that one."""

    # Writes move: nothing kept.
    cache_moves = ()

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.CharField(_("ce qui pose problème"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("signalement de conversation")
        indexes = [
            models.Index(
                fields=["conversation"],
                name="conversations_open_report_idx",
                condition=models.Q(resolved_at__isnull=True),
            )
        ]
