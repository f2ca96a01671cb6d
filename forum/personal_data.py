"""A member's posts, reactions, flags, follows, trust level and the moderation measures
about them, for their data export (labo.accounts.personal_data).
Their threads and replies outlive the account, signed « membre supprimé »."""

from forum.models import Flag, MemberTrust, ModerationAction, Reaction, Reply, Thread, ThreadFollow
from forum.reactions import reactions_withdraw
from labo.accounts.personal_data import iso


def forum_export(user) -> dict:
    return {
        "sujets": [
            {
                "titre": t.title,
                "message": t.body,
                "categorie": t.category.name,
                "date": iso(t.created_at),
            }
            for t in Thread.objects.filter(author=user).select_related("category")
        ],
        "reponses": [
            {"sujet": r.object_pk, "message": r.comment, "date": iso(r.submit_date)}
            for r in Reply.objects.filter(user=user)
        ],
        "signalements": [
            {
                "motif": f.get_reason_display(),
                "precisions": f.details,
                "date": iso(f.created_at),
            }
            for f in Flag.objects.filter(user=user)
        ],
        "reactions": [
            {
                "reaction": r.get_kind_display(),
                "sujet": r.thread_id,
                "reponse": r.reply_id,
                "date": iso(r.created_at),
            }
            for r in Reaction.objects.filter(user=user)
        ],
        "niveau_de_confiance": [
            {
                "niveau": t.level,
                "jours_de_visite": t.days_visited,
                "messages_lus": t.posts_read,
                "promotion": iso(t.promoted_at) if t.promoted_at else None,
            }
            for t in MemberTrust.objects.filter(user=user)
        ],
        "mesures_de_moderation": [
            {
                "mesure": m.get_action_display(),
                "jusqu_au": iso(m.ends_at) if m.ends_at else None,
                "motif": m.reason,
                "date": iso(m.created_at),
            }
            for m in ModerationAction.objects.filter(member=user)
        ],
        "sujets_suivis": [
            f.thread.title for f in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
    }


def forum_before_deletion(user) -> None:
    """Their reactions leave with them, and the counts shown on the posts follow."""
    reactions_withdraw(user=user)
