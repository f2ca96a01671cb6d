from django.conf import settings
from django.db import models


class ThreadRead(models.Model):
    """Where a member stopped reading a thread: replies after `last_read_at` are unread."""

    # Writes move: one member's read mark.
    cache_moves = ()

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="reads")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_read_once")]


class ThreadFollow(models.Model):
    # Writes move: one member's follow.
    cache_moves = ()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_thread_follows"
    )
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forum_thread_follow_once")
        ]


class CategoryFollow(models.Model):
    # Writes move: one member's follow.
    cache_moves = ()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_category_follows"
    )
    category = models.ForeignKey("forum.Category", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="forum_category_follow_once")
        ]


class PostSubmission(models.Model):
    """The token of each form sent: a second click, a resent form or a reload after an error
    finds the post already created instead of creating it twice."""

    # Writes move: a one-time token against double posting.
    cache_moves = ()

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        "forum.Thread", null=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey("forum.Reply", null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
