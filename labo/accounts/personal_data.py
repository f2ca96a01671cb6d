"""A member's rights over their personal data (RGPD, articles 15, 17 and 20): download
everything the platform holds about them, and delete their account.

Deleting keeps what belongs to others: forum posts stay, signed « membre supprimé »; a project
keeps a referent (the longest-standing team member takes over, with the project's
applications; the CRESS team is told when nobody is left); seats at events go to the next
person waiting."""

from django.db import transaction
from django.utils.translation import gettext as _


def _iso(value):
    return value.isoformat() if value else None


def member_data_export(*, user) -> dict:
    """Everything about `user`, as plain data (the "Télécharger mes données" JSON file)."""
    from allauth.account.models import EmailAddress

    from events.models import Registration
    from forum.models import Flag, Reply, Thread, ThreadFollow
    from labo.accounts.models import MemberProfile
    from labo.notifications.models import Notification, NotificationPreference
    from projects.models import ApplicationMessage, ProjectMembership, ProjectUpdate
    from projects.models.team import ProjectFollow

    profile = MemberProfile.objects.filter(user=user).first()
    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "compte": {
            "adresse_email": user.email,
            "nom_affiche": user.display_name,
            "inscription": _iso(user.date_joined),
            "derniere_connexion": _iso(user.last_login),
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
            "liste": [
                {
                    "titre": n.title,
                    "texte": n.body,
                    "lien": n.url,
                    "date": _iso(n.created_at),
                    "lue": _iso(n.read_at),
                }
                for n in Notification.objects.filter(recipient=user)
            ],
        },
        "projets": {
            "equipes": [
                {
                    "projet": m.project.title,
                    "role": m.get_role_display(),
                    "depuis": _iso(m.created_at),
                }
                for m in ProjectMembership.objects.filter(user=user).select_related("project")
            ],
            "suivis": [
                f.project.title
                for f in ProjectFollow.objects.filter(user=user).select_related("project")
            ],
            "actualites_publiees": [
                {"projet": u.project.title, "titre": u.title, "texte": u.text, "date": _iso(u.date)}
                for u in ProjectUpdate.objects.filter(author=user).select_related("project")
            ],
        },
        "candidatures": {
            "messages_ecrits": [
                {"candidature": m.application_id, "texte": m.text, "date": _iso(m.created_at)}
                for m in ApplicationMessage.objects.filter(author=user)
            ],
        },
        "evenements": [
            {
                "evenement": r.event.title,
                "statut": r.get_status_display(),
                "reponses": r.answers,
                "inscription": _iso(r.queued_at),
                "presence": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("event")
        ],
        "forum": {
            "sujets": [
                {
                    "titre": t.title,
                    "message": t.body,
                    "categorie": t.category.name,
                    "date": _iso(t.created_at),
                }
                for t in Thread.objects.filter(author=user).select_related("category")
            ],
            "reponses": [
                {"sujet": r.object_pk, "message": r.comment, "date": _iso(r.submit_date)}
                for r in Reply.objects.filter(user=user)
            ],
            "signalements": [
                {
                    "motif": f.get_reason_display(),
                    "precisions": f.details,
                    "date": _iso(f.created_at),
                }
                for f in Flag.objects.filter(user=user)
            ],
            "sujets_suivis": [
                f.thread.title
                for f in ThreadFollow.objects.filter(user=user).select_related("thread")
            ],
        },
    }


@transaction.atomic
def member_account_delete(*, user) -> None:
    from events.models import Registration
    from events.services import registration_cancel
    from labo.notifications.services import notification_send
    from labo.roles import STAFF_GROUP
    from projects.models import ProjectMembership, ProjectRole

    # Projects keep a referent, and with it their applications.
    for membership in ProjectMembership.objects.filter(
        user=user, role=ProjectRole.REFERENT
    ).select_related("project"):
        project = membership.project
        team = ProjectMembership.objects.filter(project=project).exclude(user=user)
        if team.filter(role=ProjectRole.REFERENT).exists():
            continue
        successor = team.order_by("created_at").select_related("user").first()
        if successor is not None:
            successor.role = ProjectRole.REFERENT
            successor.save(update_fields=["role"])
            notification_send(
                recipients=[successor.user],
                kind="projects.referent",
                title=_("Vous êtes désormais référent·e de « %(project)s »")
                % {"project": project.title},
                body=_(
                    "La personne qui l'était a supprimé son compte. Vous gérez l'équipe et "
                    "suivez les candidatures du projet."
                ),
                url=project.url or "",
            )
        else:
            from django.contrib.auth import get_user_model

            staff = get_user_model().objects.filter(groups__name=STAFF_GROUP, is_active=True)
            notification_send(
                recipients=list(staff),
                kind="projects.orphan",
                title=_("« %(project)s » n'a plus d'équipe") % {"project": project.title},
                body=_("Sa seule référente ou son seul référent a supprimé son compte."),
                url=project.url or "",
            )

    # Seats go to the people waiting.
    for registration in Registration.objects.filter(user=user).exclude(status="annulee"):
        registration_cancel(registration=registration, by=user)

    profile = getattr(user, "profile", None)
    if profile is not None and getattr(profile, "avatar", None):
        profile.avatar.delete(save=False)
    # Forum threads and replies keep their text: their author becomes « membre supprimé »
    # (SET_NULL); everything else personal goes with the account (CASCADE).
    user.delete()
