from projects.models.geography import Commune
from projects.models.journal import ProjectUpdate
from projects.models.pages import (
    HabitatKind,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectMilestone,
    ProjectPage,
    ProjectPageTag,
)
from projects.models.team import ProjectFollow, ProjectInvitation, ProjectMembership, ProjectRole

__all__ = [
    "Commune",
    "HabitatKind",
    "ProjectFollow",
    "ProjectGalleryImage",
    "ProjectIndexPage",
    "ProjectInvitation",
    "ProjectMembership",
    "ProjectMilestone",
    "ProjectPage",
    "ProjectPageTag",
    "ProjectRole",
    "ProjectUpdate",
]
