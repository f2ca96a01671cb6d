"""Abuse limits, as Discourse has them: a new account opens few threads and replies on its
first day and posts few links, every account waits a little between two posts. Each check
returns the message to show (the typed text is kept by the view), or "" when allowed."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.markdown import count_links
from forum.models import Reply, Thread
from labo.permissions import is_moderator


def is_new_account(user) -> bool:
    return timezone.now() - user.date_joined < timedelta(hours=settings.FORUM_NEW_ACCOUNT_HOURS)


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
    last = _last_post_at(user)
    if last and timezone.now() - last < timedelta(seconds=settings.FORUM_POST_INTERVAL):
        return _(
            "Vous venez de publier : patientez quelques secondes avant le message suivant. "
            "Votre texte est conservé ci-dessous."
        )
    if not is_new_account(user):
        return ""
    since = timezone.now() - timedelta(hours=settings.FORUM_NEW_ACCOUNT_HOURS)
    if kind == "thread":
        limit = settings.FORUM_NEW_ACCOUNT_MAX_THREADS
        if Thread.objects.filter(author=user, created_at__gte=since).count() >= limit:
            return ngettext(
                "Bienvenue ! Un nouveau compte peut ouvrir %(limit)d sujet le premier jour : "
                "votre texte est conservé, vous pourrez le publier demain.",
                "Bienvenue ! Un nouveau compte peut ouvrir %(limit)d sujets le premier jour : "
                "votre texte est conservé, vous pourrez le publier demain.",
                limit,
            ) % {"limit": limit}
    else:
        limit = settings.FORUM_NEW_ACCOUNT_MAX_REPLIES
        if Reply.objects.filter(user=user, submit_date__gte=since).count() >= limit:
            return ngettext(
                "Bienvenue ! Un nouveau compte peut publier %(limit)d réponse le premier jour : "
                "votre texte est conservé, vous pourrez le publier demain.",
                "Bienvenue ! Un nouveau compte peut publier %(limit)d réponses le premier jour : "
                "votre texte est conservé, vous pourrez le publier demain.",
                limit,
            ) % {"limit": limit}
    max_links = settings.FORUM_NEW_ACCOUNT_MAX_LINKS
    if count_links(text) > max_links:
        return ngettext(
            "Un nouveau compte peut mettre %(limit)d lien par message le premier jour. "
            "Retirez-en quelques-uns : votre texte est conservé.",
            "Un nouveau compte peut mettre %(limit)d liens par message le premier jour. "
            "Retirez-en quelques-uns : votre texte est conservé.",
            max_links,
        ) % {"limit": max_links}
    return ""
