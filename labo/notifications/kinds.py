"""The families of notifications a member chooses a rhythm for (« Mon profil »): every kind
of notification ("forum.reply", "applications.stage"…) belongs to the family named before its
dot; a family nobody listed follows the member's default."""

from django.utils.translation import gettext_lazy as _

from labo.notifications.models import EmailFrequency

FAMILIES = {
    "forum": _("Forum : réponses, mentions, nouveaux sujets suivis, réactions"),
    "applications": _("Candidatures : étapes, messages, documents, rendez-vous"),
    "events": _("Événements : inscriptions, liste d'attente, messages des organisateurs"),
    "projects": _("Projets et contributions : actualités, équipe, relectures"),
    "conversations": _("Messages privés des autres membres"),
    "announcements": _("Annonces de l'équipe du Labo"),
}
ANNOUNCEMENTS = "announcements"
# Kinds whose app is not the family's name.
ALIASES = {"resources": "projects"}


def family_of(kind: str) -> str:
    """« forum.reply » → « forum »; "" for a kind of no listed family."""
    prefix = kind.split(".", 1)[0]
    prefix = ALIASES.get(prefix, prefix)
    return prefix if prefix in FAMILIES else ""


# Kinds that never deserve an e-mail of their own: a member who wants every notification at
# once finds these in the next daily digest (a reaction to their post, as Discourse does).
DIGEST_ONLY = frozenset({"forum.reaction"})


def frequency_for(kind: str, default: str, by_family: dict | None) -> str:
    """The rhythm a member chose for this kind: its family's, else their default (a daily
    digest at the fastest for the kinds of DIGEST_ONLY)."""
    frequency = (by_family or {}).get(family_of(kind)) or default
    if kind in DIGEST_ONLY and frequency == EmailFrequency.IMMEDIATE:
        return EmailFrequency.DAILY
    return frequency
