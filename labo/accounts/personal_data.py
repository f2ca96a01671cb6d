"""A member's rights over their personal data (RGPD, articles 15, 17 and 20): download
everything the platform holds about them, and delete their account.

Deleting keeps what belongs to others: forum posts stay, signed « membre supprimé »; a project
keeps a referent (the longest-standing team member takes over, with the project's
applications; the CRESS team is told when nobody is left); seats at events go to the next
person waiting."""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from labo.accounts.models import MemberProfile
from labo.notifications.models import Notification, NotificationPreference
from labo.registry import Registry


@dataclass(frozen=True)
class PersonalData:
    """What an app holds about a member: its part of the export, under `name`, and what must
    happen before the account goes (a project handed to the next referent, seats released)."""

    name: str
    order: int
    export: Callable[..., object]
    before_deletion: Callable[..., None] | None = None


personal_data: Registry[PersonalData] = Registry("personal data")


def register_personal_data(entry: PersonalData) -> None:
    """From an app's `AppConfig.ready()`."""
    personal_data.register(entry)


def iso(value):
    return value.isoformat() if value else None


def member_data_export(*, user) -> dict:
    """Everything about `user`, as plain data (the "Télécharger mes données" JSON file): the
    account, the profile and the notifications, then each app's part."""
    profile = MemberProfile.objects.filter(user=user).first()
    preference = NotificationPreference.objects.filter(user=user).first()
    data = {
        "compte": {
            "adresse_email": user.email,
            "nom_affiche": user.display_name,
            "inscription": iso(user.date_joined),
            "derniere_connexion": iso(user.last_login),
            "adresses_email": [
                {"adresse": a.email, "verifiee": a.verified, "principale": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "profil": {
            "organisation": profile.organisation,
            "departement": profile.departement,
            "presentation": profile.bio,
            "visibilite": profile.visibility,
            "photo": profile.avatar.url if profile.avatar else None,
        }
        if profile
        else None,
        "notifications": {
            "frequence_des_emails": preference.email_frequency if preference else "immediate",
            "frequence_par_type": dict(preference.by_family) if preference else {},
            "accepte_les_annonces": preference.announcements_accepted if preference else False,
            "liste": [
                {
                    "titre": n.title,
                    "texte": n.body,
                    "lien": n.url,
                    "date": iso(n.created_at),
                    "lue": iso(n.read_at),
                }
                for n in Notification.objects.filter(recipient=user)
            ],
        },
    }
    for entry in personal_data:
        data[entry.name] = entry.export(user)
    return data


@transaction.atomic
def member_account_delete(*, user) -> None:
    for entry in personal_data:
        if entry.before_deletion is not None:
            entry.before_deletion(user)
    profile = getattr(user, "profile", None)
    if profile is not None and getattr(profile, "avatar", None):
        profile.avatar.delete(save=False)
    # Forum threads and replies keep their text: their author becomes « membre supprimé »
    # (SET_NULL); everything else personal goes with the account (CASCADE).
    user.delete()
