"""A member's posts, flags and follows, for their data export (labo.accounts.personal_data).
Their threads and replies outlive the account, signed « membre supprimé »."""

from forum.models import Flag, Reply, Thread, ThreadFollow
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
        "sujets_suivis": [
            f.thread.title for f in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
    }
