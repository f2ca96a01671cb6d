"""The forum's abuse limits, applied to private conversations: a member at trust level 0
starts few conversations a day, with few people, and posts few links; below level 2 a member
waits between two messages; a silenced member writes nothing. Each check returns the message
to show (the typed text is kept by the view), or "" when allowed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conversations.models import Conversation, Message
from forum.limits import silence_message
from forum.markdown import count_links
from forum.models import TrustLevel
from forum.trust import level_of
from labo.permissions import is_moderator, is_silenced


def _links_refusal(text: str) -> str:
    limit = settings.FORUM_NEW_ACCOUNT_MAX_LINKS
    if count_links(text) <= limit:
        return ""
    return ngettext(
        "Un nouveau membre peut mettre %(limit)d lien par message, le temps de découvrir le "
        "Labo. Retirez-en quelques-uns : votre texte est conservé.",
        "Un nouveau membre peut mettre %(limit)d liens par message, le temps de découvrir le "
        "Labo. Retirez-en quelques-uns : votre texte est conservé.",
        limit,
    ) % {"limit": limit}


def message_refusal(user, *, text: str) -> str:
    """Why `user` may not send `text` now, or ""."""
    if is_moderator(user):
        return ""
    if is_silenced(user):
        return silence_message(user)
    level = level_of(user)
    if level < TrustLevel.REGULAR:
        last = (
            Message.objects.filter(author=user)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last and timezone.now() - last < timedelta(seconds=settings.FORUM_POST_INTERVAL):
            return _(
                "Vous venez d'envoyer un message : patientez quelques secondes avant le "
                "suivant. Votre texte est conservé ci-dessous."
            )
    return _links_refusal(text) if level == TrustLevel.NEW else ""


def start_refusal(user, *, recipients: list, text: str) -> str:
    """Why `user` may not start a conversation with `recipients` now, or ""."""
    if is_moderator(user):
        return ""
    most = settings.CONVERSATIONS_MAX_RECIPIENTS
    if len(recipients) > most:
        return _("Une conversation réunit au plus %(most)d autres personnes.") % {"most": most}
    refusal = message_refusal(user, text=text)
    if refusal or level_of(user) > TrustLevel.NEW:
        return refusal
    most = settings.CONVERSATIONS_NEW_ACCOUNT_MAX_RECIPIENTS
    if len(recipients) > most:
        return ngettext(
            "Bienvenue ! Un nouveau membre écrit à %(most)d personne à la fois, le temps de "
            "découvrir le Labo : votre texte est conservé.",
            "Bienvenue ! Un nouveau membre écrit à %(most)d personnes à la fois, le temps de "
            "découvrir le Labo : votre texte est conservé.",
            most,
        ) % {"most": most}
    limit = settings.CONVERSATIONS_NEW_ACCOUNT_MAX_PER_DAY
    since = timezone.now() - timedelta(hours=settings.FORUM_NEW_ACCOUNT_HOURS)
    if Conversation.objects.filter(started_by=user, created_at__gte=since).count() >= limit:
        return ngettext(
            "Bienvenue ! Un nouveau membre commence %(limit)d conversation par jour : votre "
            "texte est conservé, vous pourrez l'envoyer demain.",
            "Bienvenue ! Un nouveau membre commence %(limit)d conversations par jour : votre "
            "texte est conservé, vous pourrez l'envoyer demain.",
            limit,
        ) % {"limit": limit}
    return ""
