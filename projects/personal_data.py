"""A member's part in projects, for their data export and their account's deletion
(labo.accounts.personal_data)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from labo.accounts.personal_data import iso
from labo.notifications.services import notification_send
from labo.roles import STAFF_GROUP
from projects.models import ProjectFollow, ProjectMembership, ProjectRole, ProjectUpdate


def projects_export(user) -> dict:
    return {
        "equipes": [
            {
                "projet": m.project.title,
                "role": m.get_role_display(),
                "depuis": iso(m.created_at),
            }
            for m in ProjectMembership.objects.filter(user=user).select_related("project")
        ],
        "suivis": [
            f.project.title
            for f in ProjectFollow.objects.filter(user=user).select_related("project")
        ],
        "actualites_publiees": [
            {"projet": u.project.title, "titre": u.title, "texte": u.text, "date": iso(u.date)}
            for u in ProjectUpdate.objects.filter(author=user).select_related("project")
        ],
    }


def referents_replace(user) -> None:
    """Projects keep a referent, and with it their applications: the longest-standing team
    member takes over; the CRESS team is told when nobody is left."""
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
            staff = get_user_model().objects.filter(groups__name=STAFF_GROUP, is_active=True)
            notification_send(
                recipients=list(staff),
                kind="projects.orphan",
                title=_("« %(project)s » n'a plus d'équipe") % {"project": project.title},
                body=_("Sa seule référente ou son seul référent a supprimé son compte."),
                url=project.url or "",
            )
