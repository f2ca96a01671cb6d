"""The projects' sections of « Mon espace » (labo.core.space): the projects I carry, with
their edits under review and the reviewer's comments, and the projects I follow."""

from django.utils.translation import gettext_lazy as _

from labo.core.listing import listed_for_person
from labo.core.space import SpaceSection
from labo.permissions import is_partner, is_staff_member
from projects.models import ProjectFollow, ProjectMembership, ProjectPage
from projects.permissions import can_create_project
from projects.selectors import moderation_state

# A carrier has a few projects; the section lists them all up to this bound.
SHOWN = 20


def my_projects(user) -> dict | None:
    memberships = list(
        ProjectMembership.objects.filter(user=user)
        .select_related("project")
        .order_by("project__title")[:SHOWN]
    )
    can_create = can_create_project(user)
    # The team and partners carry no project: an invitation to reference one is noise to them.
    if not memberships and (not can_create or is_staff_member(user) or is_partner(user)):
        return None
    for membership in memberships:
        # One workflow lookup per project: a carrier's handful, bounded by SHOWN.
        membership.review = moderation_state(membership.project)
    return {"memberships": memberships, "count": len(memberships), "can_create": can_create}


def followed_projects(user) -> dict | None:
    # Only what this person may still see: a project unpublished or restricted since they
    # followed it drops out (labo.core.listing).
    visible = listed_for_person(ProjectPage.objects.live(), user)
    follows = list(
        ProjectFollow.objects.filter(user=user, project__in=visible)
        .select_related("project")
        .order_by("project__title")
    )
    return {"follows": follows, "count": len(follows)}


SECTIONS = [
    SpaceSection(
        name="mes-projets",
        order=10,
        title=_("Mes projets"),
        context=my_projects,
        template="projects/space/my_projects.html",
        count_key="count",
    ),
    SpaceSection(
        name="projets-suivis",
        order=50,
        title=_("Projets suivis"),
        context=followed_projects,
        template="projects/space/followed_projects.html",
        count_key="count",
    ),
]
