from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.caching.versions import CONTENT


class ProjectUpdate(models.Model):
    """An entry of the project's journal, posted by its team and published at once (the team
    answers for it; moderators can remove it)."""

    cache_moves = (CONTENT,)

    project = models.ForeignKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("titre"), max_length=150)
    text = models.TextField(_("texte"), max_length=5000)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("actualité du projet")
        verbose_name_plural = _("journal des projets")
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return self.title
