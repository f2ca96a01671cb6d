from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    IN_PERSON = "presentiel", _("En présentiel")
    ONLINE = "en-ligne", _("En ligne")
    HYBRID = "hybride", _("Hybride (sur place et en ligne)")


class EventScope(models.TextChoices):
    REGIONAL = "regionale", _("Rencontre régionale")
    LOCAL = "locale", _("Rencontre locale")


class RegistrationStatus(models.TextChoices):
    # A guest (no account) who has not clicked the link of the e-mail yet.
    PENDING = "a-confirmer", _("En attente de confirmation par e-mail")
    CONFIRMED = "confirmee", _("Inscription confirmée")
    WAITLISTED = "attente", _("Sur liste d'attente")
    CANCELLED = "annulee", _("Inscription annulée")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "texte", _("Réponse courte")
    LONG_TEXT = "paragraphe", _("Réponse longue")
    CHECKBOX = "case", _("Case à cocher (oui / non)")


class EventEmailKind(models.TextChoices):
    GUEST_CHECK = "verification", _("Lien de confirmation (inscription sans compte)")
    CONFIRMATION = "confirmation", _("Confirmation d'inscription")
    WAITLISTED = "attente", _("Inscription sur liste d'attente")
    PROMOTED = "promotion", _("Place libérée : inscription confirmée")
    REMINDER_DAY = "rappel-veille", _("Rappel la veille")
    REMINDER_HOUR = "rappel-heure", _("Rappel une heure avant (en ligne)")
    CHANGED = "changement", _("Changement de date ou de lieu")
    CANCELLED = "annulation", _("Annulation de l'événement")
    REMOVED = "desinscription", _("Désinscription par l'équipe")
    MESSAGE = "message", _("Message de l'équipe aux inscrits")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    SKIPPED = "skipped", _("sans objet (inscription annulée entre-temps)")
    FAILED = "failed", _("abandonné après plusieurs échecs")
