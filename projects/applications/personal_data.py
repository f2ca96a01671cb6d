"""A member's part in applications, for their data export (labo.accounts.personal_data)."""

from labo.accounts.personal_data import iso
from projects.applications.models import ApplicationMessage, Meeting, Review


def applications_export(user) -> dict:
    return {
        "messages_ecrits": [
            {"candidature": m.application_id, "texte": m.text, "date": iso(m.created_at)}
            for m in ApplicationMessage.objects.filter(author=user)
        ],
        # The meetings they were invited to: when, where, which kind (not who else was).
        "rendez_vous": [
            {
                "type": meeting.get_kind_display(),
                "debut": iso(meeting.starts_at),
                "fin": iso(meeting.ends_at),
                "lieu": meeting.place,
                "annule": meeting.is_cancelled,
            }
            for meeting in Meeting.objects.filter(participants=user)
        ],
        "evaluations": [
            {
                "candidature": review.application_id,
                "conflit_d_interets": review.conflict,
                "notes": review.scores,
                "reponses": review.answers,
                "recommandation": review.recommendation,
                "commentaire": review.comment_for_team,
                "envoyee": iso(review.submitted_at),
            }
            for review in Review.objects.filter(reviewer=user)
        ],
    }
