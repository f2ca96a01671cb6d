from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    OFF_TOPIC = "hors-sujet", _("Hors sujet")
    RUDE = "irrespectueux", _("Irrespectueux ou agressif")
    SPAM = "publicite", _("Publicité ou spam")
    PERSONAL_DATA = "donnees-personnelles", _("Données personnelles exposées")
    OTHER = "autre", _("Autre raison")


class Flag(models.Model):
    """A member's report of a thread or a reply, until a moderator resolves it."""

    # Writes move: flags show in the moderation queue only, which is never kept.
    cache_moves = ()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reply = models.ForeignKey(
        "forum.Reply",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forum_flags",  # "flags" is django_comments' CommentFlag
    )
    reason = models.CharField(_("motif"), max_length=24, choices=FlagReason.choices)
    details = models.CharField(_("précisions"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("signalement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, reply__isnull=True)
                | models.Q(thread__isnull=True, reply__isnull=False),
                name="forum_flag_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(reply__isnull=True),
                name="forum_flag_thread_once",
            ),
            models.UniqueConstraint(fields=["user", "reply"], name="forum_flag_reply_once"),
        ]


class ModerationActionKind(models.TextChoices):
    APPROVE = "valider", _("Validé")
    HIDE = "masquer", _("Masqué")
    RESTORE = "retablir", _("Rétabli")
    DELETE = "supprimer", _("Supprimé")
    LOCK = "verrouiller", _("Verrouillé")
    UNLOCK = "deverrouiller", _("Déverrouillé")
    PIN = "epingler", _("Épinglé")
    UNPIN = "desepingler", _("Désépinglé")
    MOVE = "deplacer", _("Déplacé")
    DISMISS = "classer", _("Signalements classés sans suite")
    AUTO_HIDE = "masquage-auto", _("Masqué automatiquement (3 signalements)")
    SILENCE = "silence", _("Réduit·e au silence")
    SUSPEND = "suspension", _("Compte suspendu")
    LIFT_SILENCE = "fin-silence", _("Silence levé")
    LIFT_SUSPENSION = "fin-suspension", _("Suspension levée")


class ModerationAction(models.Model):
    """The moderation log: who did what, to what, and why."""

    # Writes move: the moderators' log.
    cache_moves = ()

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16, choices=ModerationActionKind.choices)
    thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply = models.ForeignKey(
        "forum.Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The member a sanction (silence, suspension) or its end is about, and the end chosen.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_history",
    )
    ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("action de modération")
