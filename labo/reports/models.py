"""What the report keeps: the team's narrative per section and period, the team's templates
of proposed sentences, and the export files made in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.core.storage import private_storage


class NarrativeTemplate(models.Model):
    """The sentences proposed to start a section's narrative, as the team rewrote them; a
    section without one proposes the text written in its code."""

    # Only the report's staff pages read it, never cached.
    cache_moves = ()

    section = models.CharField(_("section"), max_length=50, unique=True)
    text = models.TextField(_("modèle de texte"), max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle de texte du rapport")
        verbose_name_plural = _("modèles de texte du rapport")

    def __str__(self):
        return self.section


class ReportNarrative(models.Model):
    """The short text the team writes for a section of one period's report; the exports
    include it."""

    cache_moves = ()

    starts_on = models.DateField(_("début de la période"))
    ends_on = models.DateField(_("fin de la période"))
    section = models.CharField(_("section"), max_length=50)
    text = models.TextField(_("texte"), max_length=4000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("texte du rapport")
        verbose_name_plural = _("textes du rapport")
        constraints = [
            models.UniqueConstraint(
                fields=["starts_on", "ends_on", "section"], name="reports_one_narrative"
            )
        ]

    def __str__(self):
        return f"{self.section} {self.starts_on}–{self.ends_on}"


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    ODT = "odt", _("LibreOffice (ODT)")
    CSV = "csv", _("Tableur (CSV)")


class ExportStatus(models.TextChoices):
    QUEUED = "attente", _("En attente")
    RUNNING = "en-cours", _("En cours")
    DONE = "pret", _("Prêt")
    FAILED = "echec", _("Échec")


class ReportExport(models.Model):
    """One export asked by the team: made by a background task (labo.reports.tasks), which
    writes its progress here; the file lives in the private storage and is served only to
    the team."""

    cache_moves = ()

    starts_on = models.DateField()
    ends_on = models.DateField()
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    status = models.CharField(
        max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=200, blank=True)
    file = models.FileField(storage=private_storage, upload_to="rapports/%Y/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export du rapport")
        verbose_name_plural = _("exports du rapport")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on", "-requested_at"])]

    def __str__(self):
        return f"{self.format} {self.starts_on}–{self.ends_on}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
