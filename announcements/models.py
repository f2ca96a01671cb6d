"""The team's announcements: written once, sent to a segment of the members who accepted
them, in batches, through the notification module; kept as an archive for members."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Segment(models.TextChoices):
    ALL = "tous", _("Tous les membres")
    DEPARTEMENTS = "departements", _("Les membres de certains départements")
    PROJECT_FOLLOWERS = "projet", _("Les personnes qui suivent un projet")
    CATEGORY_FOLLOWERS = "categorie", _("Les personnes qui suivent une catégorie du forum")
    PAST_REGISTRANTS = "inscrits", _("Les inscrits d'événements passés")
    PROGRAMME_CARRIERS = "programme", _("Les porteurs de candidatures d'un programme")
    PARTNERS = "partenaires", _("Les partenaires")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SENDING = "envoi", _("Envoi en cours")
    SENT = "envoyee", _("Envoyée")


class Announcement(models.Model):
    # Writes move: nothing kept (the archive is for members, whose pages are never cached).
    cache_moves = ()

    title = models.CharField(_("titre"), max_length=150)
    # Markdown, rendered by the forum's one sanitising function (the same writing tools).
    body = models.TextField(_("texte"), max_length=20000)
    segment = models.CharField(
        _("destinataires"), max_length=16, choices=Segment.choices, default=Segment.ALL
    )
    departements = models.JSONField(_("départements"), default=list, blank=True)
    project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("projet"),
    )
    category = models.ForeignKey(
        "forum.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("catégorie du forum"),
    )
    # None: the registrants of every past event.
    event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("événement"),
    )
    programme = models.ForeignKey(
        "projects.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("programme"),
    )
    in_archive = models.BooleanField(_("publier dans les archives des annonces"), default=True)
    status = models.CharField(
        max_length=10, choices=AnnouncementStatus.choices, default=AnnouncementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Fixed when sending starts; `sent_count` climbs batch after batch.
    recipients_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    # When a batch last ran: a send that has not moved for a while is resumed.
    last_batch_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annonce")
        ordering = ["-sent_at", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == AnnouncementStatus.DRAFT


class Delivery(models.Model):
    """One recipient of an announcement, written when sending starts: the batches take the
    rows not delivered yet, so a worker that stops mid-way resumes where it was."""

    # Writes move: nothing kept.
    cache_moves = ()

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_deliveries"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcements_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["announcement", "id"],
                name="announcements_pending_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]
