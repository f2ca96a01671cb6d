from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from labo.caching.versions import CONTENT
from labo.core.reserved_paths import fixed_first_segments


class Category(models.Model):
    """A forum category, edited by staff in the admin (Forum › Catégories)."""

    cache_moves = (CONTENT,)
    # Threads with something new for the reader: counted for members by
    # forum.selectors.category_list, none otherwise.
    unread = 0

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("adresse"), max_length=60, unique=True)
    description = models.TextField(_("description"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    members_only = models.BooleanField(
        _("réservée aux membres"),
        default=False,
        help_text=_("Invisible aux visiteurs : listes, recherche, flux et plan du site."),
    )
    premoderated = models.BooleanField(
        _("modération a priori"),
        default=False,
        help_text=_("Les nouveaux sujets et réponses attendent la validation d'un modérateur."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("sort_order"), FieldPanel("members_only"), FieldPanel("premoderated")]
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("catégorie du forum")
        verbose_name_plural = _("catégories du forum")

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])

    def clean(self):
        if self.slug in fixed_first_segments("forum"):
            raise ValidationError({"slug": _("Cette adresse est réservée par le forum.")})
