from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.caching.versions import CONTENT


class ReactionKind(models.TextChoices):
    """A short fixed set, as in Discourse: a word of thanks, agreement, usefulness. The order
    is the order shown."""

    THANKS = "merci", _("Merci")
    AGREE = "plus-un", _("+1")
    USEFUL = "utile", _("Utile")


class Reaction(models.Model):
    """One member's reaction of one kind to a thread's opening post or to a reply: one of each
    kind per member and post, never on their own post (forum.permissions.can_react)."""

    # Writes move: the counts every reader of the thread sees.
    cache_moves = (CONTENT,)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    reply = models.ForeignKey(
        "forum.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(_("réaction"), max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réaction")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, reply__isnull=True)
                | models.Q(thread__isnull=True, reply__isnull=False),
                name="forum_reaction_one_target",
            ),
            models.UniqueConstraint(
                fields=["thread", "user", "kind"],
                condition=models.Q(reply__isnull=True),
                name="forum_reaction_thread_once",
            ),
            models.UniqueConstraint(
                fields=["reply", "user", "kind"], name="forum_reaction_reply_once"
            ),
        ]
