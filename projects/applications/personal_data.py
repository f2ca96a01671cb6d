"""A member's part in applications, for their data export (labo.accounts.personal_data)."""

from labo.accounts.personal_data import iso
from projects.applications.models import ApplicationMessage


def applications_export(user) -> dict:
    return {
        "messages_ecrits": [
            {"candidature": m.application_id, "texte": m.text, "date": iso(m.created_at)}
            for m in ApplicationMessage.objects.filter(author=user)
        ],
    }
