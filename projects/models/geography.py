from django.db import models
from django.utils.translation import gettext_lazy as _

from labo.caching.versions import CONTENT
from labo.geography import Departement


class Commune(models.Model):
    """A current commune of Occitanie (INSEE's Code officiel géographique), loaded by a data
    migration from projects/data/communes-occitanie.json."""

    cache_moves = (CONTENT,)

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100, db_index=True)
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, db_index=True
    )
    postal_codes = models.CharField(_("codes postaux"), max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.departement})"

    @property
    def has_centre(self) -> bool:
        return self.latitude is not None and self.longitude is not None
