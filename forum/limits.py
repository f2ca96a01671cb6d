"""Abuse limits, as Discourse has them: a member at trust level 0 (forum.trust) opens few
threads and replies a day and posts few links, every member below level 2 waits a little
between two posts, a silenced member posts nothing. Each check returns the message to show
(the typed text is kept by the view), or "" when allowed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.markdown import count_links
from forum.models import Reply, Thread, TrustLevel
from forum.trust import level_of
from labo.permissions import is_moderator, is_silenced


def silence_message(user) -> str:
    """What a silenced member reads where the forms to post would be."""
    until = date_format(timezone.localtime(user.silenced_until), "l j F Y à H:i")
    return _(
        "Un modérateur vous a réduit·e au silence jusqu'au %(until)s : vous pouvez lire et "
        "signaler, mais pas publier. Le motif vous a été envoyé par e-mail."
    ) % {"until": until}


def _last_post_at(user):
    last_thread = (
        Thread.objects.filter(author=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    last_reply = (
        Reply.objects.filter(user=user)
        .order_by("-submit_date")
        .values_list("submit_date", flat=True)
        .first()
    )
    return max(filter(None, (last_thread, last_reply)), default=None)


def posting_refusal(user, *, text: str, kind: str) -> str:
    """Why `user` may not post `text` now (kind: "thread" or "reply"), or ""."""
    if is_moderator(user):
        return ""
    if is_silenced(user):
        return silence_message(user)
    level = level_of(user)
    last = _last_post_at(user) if level < TrustLevel.REGULAR else None
    if last and timezone.now() - last < timedelta(seconds=settings.FORUM_POST_INTERVAL):
        return _(
            "Vous venez de publier : patientez quelques secondes avant le message suivant. "
            "Votre texte est conservé ci-dessous."
        )
    if level > TrustLevel.NEW:
        return ""
    since = timezone.now() - timedelta(hours=settings.FORUM_NEW_ACCOUNT_HOURS)
    if kind == "thread":
        limit = settings.FORUM_NEW_ACCOUNT_MAX_THREADS
        if Thread.objects.filter(author=user, created_at__gte=since).count() >= limit:
            return ngettext(
                "Bienvenue ! Un nouveau membre peut ouvrir %(limit)d sujet par jour, le temps "
                "de découvrir le forum : votre texte est conservé, vous pourrez le publier "
                "demain.",
                "Bienvenue ! Un nouveau membre peut ouvrir %(limit)d sujets par jour, le temps "
                "de découvrir le forum : votre texte est conservé, vous pourrez le publier "
                "demain.",
                limit,
            ) % {"limit": limit}
    else:
        limit = settings.FORUM_NEW_ACCOUNT_MAX_REPLIES
        if Reply.objects.filter(user=user, submit_date__gte=since).count() >= limit:
            return ngettext(
                "Bienvenue ! Un nouveau membre peut publier %(limit)d réponse par jour, le temps "
                "de découvrir le forum : votre texte est conservé, vous pourrez le publier "
                "demain.",
                "Bienvenue ! Un nouveau membre peut publier %(limit)d réponses par jour, le "
                "temps de découvrir le forum : votre texte est conservé, vous pourrez le "
                "publier demain.",
                limit,
            ) % {"limit": limit}
    max_links = settings.FORUM_NEW_ACCOUNT_MAX_LINKS
    if count_links(text) > max_links:
        return ngettext(
            "Un nouveau membre peut mettre %(limit)d lien par message, le temps de découvrir "
            "le forum. Retirez-en quelques-uns : votre texte est conservé.",
            "Un nouveau membre peut mettre %(limit)d liens par message, le temps de découvrir "
            "le forum. Retirez-en quelques-uns : votre texte est conservé.",
            max_links,
        ) % {"limit": max_links}
    return ""
