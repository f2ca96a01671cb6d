"""Writes on projects: profiles through moderation, teams, journal, follows, contact."""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection, Revision

from labo.html_text import text_to_html
from labo.notifications.services import notification_send
from labo.permissions import is_staff_member
from labo.rate_limits import hit
from projects import invitations, permissions
from projects.models import (
    ProjectFollow,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectInvitation,
    ProjectMembership,
    ProjectPage,
    ProjectRole,
    ProjectUpdate,
)
from projects.selectors import stale_projects
from projects.tasks import send_confirmation_reminder, send_project_contact, send_project_invitation

logger = logging.getLogger(__name__)

CONTACT_LIMIT_PER_HOUR = 5
UPLOADS_COLLECTION = "Projets"


# Profiles and moderation ------------------------------------------------------------------


def uploads_collection() -> Collection:
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=UPLOADS_COLLECTION).first() or root.add_child(
        name=UPLOADS_COLLECTION
    )


def project_image_store(*, uploaded, title: str, user) -> "get_image_model()":
    """Keep an uploaded picture at once (as a Wagtail image), so a form sent back with an
    error never asks for it again."""
    Image = get_image_model()
    image = Image(title=title[:255], collection=uploads_collection(), uploaded_by_user=user)
    image.file = uploaded
    image.save()
    return image


def _apply_profile(
    page: ProjectPage, data: dict, *, description: str | None, kinds, tags, milestones, gallery
) -> None:
    for name in ProjectPage.TEAM_EDITABLE_FIELDS:
        if name in data:
            setattr(page, name, data[name])
    if description is not None:
        page.description = text_to_html(description)
    if kinds is not None:
        page.habitat_kinds.set(kinds)
    if tags is not None:
        page.tags.set(tags, clear=True)
    if milestones is not None:
        page.milestones = [
            # Orderable children of a page revision: rebuilt from the form each time.
            page.milestones.model(stage=m["stage"], date=m["date"], sort_order=i)
            for i, m in enumerate(milestones)
        ]
    if gallery is not None:
        page.gallery_images = [
            ProjectGalleryImage(
                image_id=item["image_id"],
                alt_text=item["alt_text"],
                caption=item.get("caption", ""),
                sort_order=i,
            )
            for i, item in enumerate(gallery)
        ]


def _submit_for_moderation(page: ProjectPage, user) -> None:
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
    elif state is None:
        workflow = page.get_workflow()
        if workflow is None:
            raise ImproperlyConfiguredWorkflow
        workflow.start(page, user)
    # A workflow already in progress reviews the latest revision: nothing to restart.


class ImproperlyConfiguredWorkflow(Exception):
    """No moderation workflow covers the project pages (the "Relecture" migration)."""


class ProfileEditConflict(ValidationError):
    """Someone saved the profile after this person opened the form: saving would silently
    replace their work."""

    def __init__(self, latest_revision):
        self.latest_revision_id = latest_revision.pk
        author = latest_revision.user
        super().__init__(
            _(
                "%(author)s a enregistré une autre version de la fiche le %(date)s, pendant que "
                "vous la modifiiez. Rien de ce que vous avez saisi n'est perdu : comparez avec "
                "l'aperçu de la dernière version (dans un autre onglet), puis enregistrez à "
                "nouveau pour remplacer cette version par la vôtre."
            ),
            code="conflict",
            params={
                "author": author.display_name if author else _("Quelqu'un"),
                "date": date_format(timezone.localtime(latest_revision.created_at), "j F Y à H:i"),
            },
        )


def _raise_if_stale(project: ProjectPage, base_revision_id: int | None) -> None:
    # The page row is locked until the new revision is saved, so two submits cannot both pass
    # the check.
    latest_id = (
        ProjectPage.objects.select_for_update()
        .values_list("latest_revision_id", flat=True)
        .get(pk=project.pk)
    )
    if base_revision_id is not None and latest_id != base_revision_id:
        raise ProfileEditConflict(Revision.objects.select_related("user").get(pk=latest_id))


@transaction.atomic
def project_submit_changes(
    *,
    project: ProjectPage,
    user,
    data: dict,
    base_revision_id: int | None = None,
    description=None,
    kinds=None,
    tags=None,
    milestones=None,
    gallery=None,
):
    """Save the team's edit as a new revision and submit it to the "Relecture" workflow. The
    public page does not change until staff approve."""
    if not permissions.can_edit_project(user, project):
        raise PermissionDenied
    _raise_if_stale(project, base_revision_id)
    draft = project.get_latest_revision_as_object()
    _apply_profile(
        draft,
        data,
        description=description,
        kinds=kinds,
        tags=tags,
        milestones=milestones,
        gallery=gallery,
    )
    draft.full_clean()
    revision = draft.save_revision(user=user, log_action=True)
    project.refresh_from_db()
    _submit_for_moderation(project, user)
    return revision


@transaction.atomic
def project_create(
    *, user, data: dict, description: str = "", kinds=(), tags=(), milestones=(), gallery=()
) -> ProjectPage:
    """ "Référencer mon projet": a draft profile, its author as referent, sent to moderation."""
    if not permissions.can_create_project(user):
        raise PermissionDenied
    index = ProjectIndexPage.objects.live().first()
    page = ProjectPage(owner=user, live=False, slug=_unique_slug(index, data["title"]))
    _apply_profile(
        page,
        data,
        description=description,
        kinds=None,
        tags=None,
        milestones=milestones,
        gallery=gallery,
    )
    page.full_clean(exclude=["path", "depth", "url_path"])
    index.add_child(instance=page)
    page.habitat_kinds.set(kinds)
    page.tags.set(list(tags), clear=True)
    ProjectMembership.objects.create(project=page, user=user, role=ProjectRole.REFERENT)
    page.save_revision(user=user, log_action=True)
    _submit_for_moderation(page, user)
    return page


def _unique_slug(index: ProjectIndexPage, title: str) -> str:
    base = slugify(title)[:70] or "projet"
    slug, n = base, 2
    while ProjectPage.objects.filter(path__startswith=index.path, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def project_confirm(*, project: ProjectPage, user) -> None:
    """ "Les informations sont à jour": records the date on the profile, via moderation like
    any change (it changes what the public sees)."""
    project_submit_changes(
        project=project, user=user, data={"last_confirmed_at": timezone.localdate()}
    )


# Team ---------------------------------------------------------------------------------------


@transaction.atomic
def project_member_invite(*, project: ProjectPage, email: str, role: str, invited_by):
    if not permissions.can_manage_team(invited_by, project):
        raise PermissionDenied
    email = email.strip().lower()
    if ProjectMembership.objects.filter(project=project, user__email__iexact=email).exists():
        raise ValidationError(_("Cette personne fait déjà partie de l'équipe."), code="member")
    invitation = ProjectInvitation.objects.create(
        project=project, email=email, role=role, invited_by=invited_by
    )
    transaction.on_commit(partial(send_project_invitation.enqueue, invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def project_invitation_accept(*, token: str, user) -> ProjectMembership:
    invitation = invitations.invitation_from_token(token)
    invitation = ProjectInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("Cette invitation a déjà été utilisée."), code="used")
    membership, created = ProjectMembership.objects.get_or_create(
        project_id=invitation.project_id, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == ProjectRole.REFERENT:
        membership.role = ProjectRole.REFERENT
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _referent_count(project_id: int) -> int:
    return ProjectMembership.objects.filter(
        project_id=project_id, role=ProjectRole.REFERENT
    ).count()


@transaction.atomic
def project_member_remove(*, membership: ProjectMembership, by) -> None:
    project = membership.project
    leaving_self = membership.user_id == by.pk
    if not (leaving_self or permissions.can_manage_team(by, project)):
        raise PermissionDenied
    # Lock the team so that two referents leaving at once cannot both succeed.
    list(ProjectMembership.objects.select_for_update().filter(project=project))
    if membership.role == ProjectRole.REFERENT and _referent_count(project.pk) <= 1:
        raise ValidationError(
            _("Un projet garde toujours au moins un·e référent·e : transmettez d'abord ce rôle."),
            code="last_referent",
        )
    membership.delete()


@transaction.atomic
def project_referent_handover(*, project: ProjectPage, to_membership: ProjectMembership, by):
    """Make a team member referent; the referent who hands over becomes a member."""
    if not permissions.can_manage_team(by, project) or to_membership.project_id != project.pk:
        raise PermissionDenied
    to_membership.role = ProjectRole.REFERENT
    to_membership.save(update_fields=["role"])
    ProjectMembership.objects.filter(project=project, user=by).exclude(pk=to_membership.pk).update(
        role=ProjectRole.MEMBER
    )


# Journal, follows, contact --------------------------------------------------------------------


def _followers(project: ProjectPage):
    return get_user_model().objects.filter(project_follows__project=project, is_active=True)


@transaction.atomic
def project_update_post(
    *, project: ProjectPage, author, title: str, text: str, image=None, image_alt: str = ""
) -> ProjectUpdate:
    if not permissions.can_post_project_update(author, project):
        raise PermissionDenied
    update = ProjectUpdate.objects.create(
        project=project, author=author, title=title, text=text, image=image, image_alt=image_alt
    )
    if project.live:
        notification_send(
            recipients=_followers(project),
            kind="projects.update",
            title=_("%(project)s : %(title)s") % {"project": project.title, "title": title},
            body=text[:500],
            url=project.url + f"#actualite-{update.pk}",
            exclude=author,
        )
    return update


def project_follow(*, user, project: ProjectPage) -> ProjectFollow:
    if not permissions.can_follow_project(user, project):
        raise PermissionDenied
    follow, _created = ProjectFollow.objects.get_or_create(user=user, project=project)
    return follow


def project_unfollow(*, user, project: ProjectPage) -> None:
    ProjectFollow.objects.filter(user=user, project=project).delete()


def project_published_notify(*, project: ProjectPage, previous_seeking: bool | None) -> None:
    """Called when a revision goes live: followers hear when the project starts looking for
    households (the change they follow projects for)."""
    if project.seeking_households and previous_seeking is False:
        notification_send(
            recipients=_followers(project),
            kind="projects.seeking_households",
            title=_("%(project)s cherche de nouveaux foyers") % {"project": project.title},
            body=project.households_profile_sought[:500],
            url=project.url,
        )


class ContactRateLimited(Exception):
    pass


def project_contact_send(
    *, project: ProjectPage, sender_name: str, sender_email: str, message: str, client_ip: str
) -> None:
    """Forward a message to the referents without showing their addresses; the sender's
    address goes in Reply-To. Limited per client address."""
    if hit(f"projects:contact:{client_ip}", window=3600) > CONTACT_LIMIT_PER_HOUR:
        raise ContactRateLimited
    transaction.on_commit(
        partial(
            send_project_contact.enqueue,
            project_id=project.pk,
            sender_name=sender_name,
            sender_email=sender_email,
            message=message,
        )
    )


def project_confirmation_reminders_send(*, by) -> int:
    """Ask the referents of every stale profile to check and confirm it (background e-mails).
    Returns the number of projects reminded."""
    if not is_staff_member(by):
        raise PermissionDenied
    project_ids = list(stale_projects().values_list("pk", flat=True))
    for project_id in project_ids:
        transaction.on_commit(partial(send_confirmation_reminder.enqueue, project_id=project_id))
    return len(project_ids)


def project_moderation_result_notify(
    *, project: ProjectPage, approved: bool, comment: str, by=None
) -> None:
    """Tell the whole team how the CRESS team reviewed their last changes."""
    team = get_user_model().objects.filter(project_memberships__project=project)
    if approved:
        title = _("Vos modifications de « %(project)s » sont publiées") % {"project": project.title}
        body = _("L'équipe du Labo a validé la dernière version de votre fiche.")
        if comment:
            body += "\n\n" + _("Commentaire de la relecture : %(comment)s") % {"comment": comment}
        url = project.url or reverse("projects:preview", args=[project.slug])
    else:
        title = _("L'équipe du Labo demande des changements sur « %(project)s »") % {
            "project": project.title
        }
        body = comment or _("Ouvrez votre fiche pour voir ce qui est demandé.")
        url = reverse("projects:preview", args=[project.slug])
    notification_send(
        recipients=team, kind="projects.moderation", title=title, body=body, url=url, exclude=by
    )
