from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustLevel(models.IntegerChoices):
    """Discourse's first three levels: a new member keeps the new-account limits
    (forum.limits) until the platform has seen them come back and read; the thresholds are
    settings (FORUM_TRUST_LEVELS)."""

    NEW = 0, _("Nouveau membre")
    BASIC = 1, _("Membre")
    REGULAR = 2, _("Membre confirmé·e")


class MemberTrust(models.Model):
    """What the forum knows of a member's presence, and the level it earned them. No row:
    a member the forum has not seen yet (level 0)."""

    # Writes move: shown to moderators only, on pages never kept.
    cache_moves = ()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="forum_trust",
    )
    level = models.PositiveSmallIntegerField(
        _("niveau de confiance"), choices=TrustLevel.choices, default=TrustLevel.NEW
    )
    days_visited = models.PositiveIntegerField(_("jours de visite"), default=0)
    last_visit_on = models.DateField(null=True, blank=True)
    posts_read = models.PositiveIntegerField(_("messages lus"), default=0)
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("niveau de confiance")
        verbose_name_plural = _("niveaux de confiance")

    def __str__(self):
        return f"{self.user}: {self.get_level_display()}"
