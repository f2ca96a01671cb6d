"""Who may do what with a project. Each function guards a view, hides a button in the
templates and filters lists, feeds and exports alike."""

from labo.access import access_of
from labo.permissions import is_member, is_staff_member
from projects.models import ProjectMembership, ProjectPage, ProjectRole


def _membership(user, project: ProjectPage) -> ProjectMembership | None:
    if not is_member(user):
        return None
    role = access_of(user).project_role(project.pk)
    return ProjectMembership(project_id=project.pk, user=user, role=role) if role else None


def is_project_team_member(user, project: ProjectPage) -> bool:
    return _membership(user, project) is not None


def is_project_referent(user, project: ProjectPage) -> bool:
    membership = _membership(user, project)
    return membership is not None and membership.role == ProjectRole.REFERENT


def can_view_project_draft(user, project: ProjectPage) -> bool:
    return is_staff_member(user) or is_project_team_member(user, project)


def can_edit_project(user, project: ProjectPage) -> bool:
    return is_staff_member(user) or is_project_team_member(user, project)


def can_manage_team(user, project: ProjectPage) -> bool:
    return is_staff_member(user) or is_project_referent(user, project)


def can_post_project_update(user, project: ProjectPage) -> bool:
    return is_staff_member(user) or is_project_team_member(user, project)


def can_create_project(user) -> bool:
    return is_member(user)


def can_follow_project(user, project: ProjectPage) -> bool:
    return is_member(user) and project.live


def can_contact_project(user, project: ProjectPage) -> bool:
    return project.live
