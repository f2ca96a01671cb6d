"""Vocabularies of project profiles. The GET values of the directory's filters (`etape`,
`forme`) are these codes, kept stable because shared links use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStage(models.TextChoices):
    # Ordered: a project moves down this list.
    GROUP_FORMING = "groupe", _("Constitution du groupe")
    LAND_IDENTIFIED = "foncier", _("Terrain ou bâtiment identifié")
    PROMISE_OF_SALE = "compromis", _("Promesse de vente signée")
    PERMIT_FILED = "permis-depose", _("Permis de construire déposé")
    PERMIT_OBTAINED = "permis-obtenu", _("Permis de construire obtenu")
    FINANCING = "financement", _("Plan de financement bouclé")
    WORKS = "travaux", _("Travaux en cours")
    MOVED_IN = "emmenagement", _("Emménagement")
    LIVING = "habite", _("Habitat vivant (installé)")

    @classmethod
    def rank(cls, value: str) -> int:
        return cls.values.index(value)


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SCIA = "scia", _("SCIA (société civile immobilière d'attribution)")
    SCCC = "sccc", _("SCCC (société civile coopérative de construction)")
    COOPERATIVE = "cooperative-habitants", _("Coopérative d'habitants")
    SAA = "saa", _("SAA (société d'attribution et d'autopromotion)")
    SCI = "sci", _("SCI")
    SCIC = "scic", _("SCIC")
    SAS = "sas", _("SAS")
    OTHER = "autre", _("Autre ou pas encore choisie")


class Construction(models.TextChoices):
    NEW_BUILD = "neuf", _("Construction neuve")
    RENOVATION = "renovation", _("Réhabilitation")


class Setting(models.TextChoices):
    URBAN = "urbain", _("Urbain")
    PERIURBAN = "periurbain", _("Périurbain")
    RURAL = "rural", _("Rural")


class Tenure(models.TextChoices):
    OWNERSHIP = "propriete", _("Propriété (individuelle ou collective)")
    COOPERATIVE_SHARES = "parts", _("Parts sociales de la coopérative")
    RENTAL = "location", _("Location, dont sociale")
    BRS = "brs", _("Bail réel solidaire")
    MIXED = "mixte", _("Statuts mixtes")


class LocationPrecision(models.TextChoices):
    COMMUNE = "commune", _("Commune seulement")
    PRECISE = "precise", _("Emplacement précis")


VIURE_CRITERIA = [
    ("vivant", _("Vivant")),
    ("inclusif", _("Inclusif")),
    ("utopique", _("Utopique")),
    ("resilient", _("Résilient")),
    ("esthetique", _("Esthétique")),
]
