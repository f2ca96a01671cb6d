"""A member's registrations, for their data export and their account's deletion
(labo.accounts.personal_data)."""

from events.choices import RegistrationStatus
from events.models import Registration
from events.services import registration_cancel
from labo.accounts.personal_data import iso


def registrations_export(user) -> list:
    return [
        {
            "evenement": r.event.title,
            "statut": r.get_status_display(),
            "reponses": r.answers,
            "inscription": iso(r.queued_at),
            "presence": r.attended,
            "nom_affiche_parmi_les_participants": r.name_shown,
        }
        for r in Registration.objects.filter(user=user).select_related("event")
    ]


def registrations_release(user) -> None:
    """Seats go to the people waiting."""
    for registration in Registration.objects.filter(user=user).exclude(
        status=RegistrationStatus.CANCELLED
    ):
        registration_cancel(registration=registration, by=user)
