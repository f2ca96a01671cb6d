from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.caching.versions import ACCESS, CONTENT


class ProjectRole(models.TextChoices):
    REFERENT = "referent", _("Référent·e")
    MEMBER = "member", _("Membre de l'équipe")


class ProjectMembership(models.Model):
    """A person of the project's team. Referents manage the team; every member may edit the
    profile (through moderation) and post in the journal. A project keeps at least one
    referent: the team services refuse any change that would leave none."""

    # Writes move: who someone is, and what pages show of it.
    cache_moves = (CONTENT, ACCESS)

    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=ProjectRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'équipe projet")
        verbose_name_plural = _("membres d'équipes projet")
        ordering = ["role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.project} ({self.get_role_display()})"


class ProjectInvitation(models.Model):
    """An e-mail invitation to join a team. The link carries a signed, expiring token; it works
    once, for someone with or without an account."""

    # Writes move: an invitation, seen by the team only.
    cache_moves = ()

    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=10, choices=ProjectRole.choices, default=ProjectRole.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.project}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class ProjectFollow(models.Model):
    # Writes move: one member's follow.
    cache_moves = ()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_follows"
    )
    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement à un projet")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="projects_follow_unique")
        ]

    def __str__(self):
        return f"{self.user} suit {self.project}"
