from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    SHEET = "fiche-pratique", _("Fiche pratique")
    TEMPLATE = "modele", _("Modèle de document")
    STUDY = "etude", _("Étude")
    TESTIMONY = "temoignage", _("Témoignage / retour d'expérience")
    VIDEO = "video", _("Vidéo")
    TOOL = "outil", _("Outil")
    LINK = "lien", _("Lien")


class Audience(models.TextChoices):
    CARRIERS = "porteurs", _("Porteurs de projets")
    AUTHORITIES = "collectivites", _("Collectivités")
    PROFESSIONALS = "professionnels", _("Professionnels et partenaires")
    EVERYONE = "tous", _("Tout public")


class TextStatus(models.TextChoices):
    PENDING = "en-attente", _("Extraction en attente")
    OK = "ok", _("Texte extrait")
    UNAVAILABLE = "indisponible", _("Texte indisponible")
