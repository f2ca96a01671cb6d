import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.images import get_image_model

from labo.accounts.adapter import LaboAccountAdapter
from labo.addresses import local_next
from labo.geography import map_context
from labo.ids import database_id
from projects import invitations, permissions, selectors, services
from projects.forms import (
    ContactForm,
    GalleryFormSet,
    InvitationForm,
    MilestoneFormSet,
    ProjectProfileForm,
    ProjectUpdateForm,
)
from projects.models import Commune, ProjectMembership, ProjectPage


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _project(slug: str) -> ProjectPage:
    return get_object_or_404(ProjectPage.objects.select_related("commune"), slug=slug)


# Profile editing ------------------------------------------------------------------------------


def _gallery_initial(page: ProjectPage) -> list[dict]:
    return [
        {"image_id": item.image_id, "alt_text": item.alt_text, "caption": item.caption}
        for item in page.gallery_images.all()
    ]


def _bind_profile_forms(request, page: ProjectPage | None):
    if request.method == "POST":
        return (
            ProjectProfileForm(request.POST),
            MilestoneFormSet(request.POST, prefix="jalons"),
            GalleryFormSet(request.POST, request.FILES, prefix="galerie"),
        )
    if page is None:
        return (
            ProjectProfileForm(
                initial={
                    "location_precision": "commune",
                    "households_now": 0,
                    "stage": "groupe",
                    "legal_form": "autre",
                }
            ),
            MilestoneFormSet(prefix="jalons"),
            GalleryFormSet(prefix="galerie"),
        )
    return (
        ProjectProfileForm(initial=ProjectProfileForm.initial_from(page)),
        MilestoneFormSet(
            prefix="jalons",
            initial=[{"stage": m.stage, "date": m.date} for m in page.milestones.all()],
        ),
        GalleryFormSet(prefix="galerie", initial=_gallery_initial(page)),
    )


def _store_uploads(request, gallery_formset):
    """Store every valid upload at once and rebind the formset to the stored images, so a form
    returned with errors keeps the pictures already sent."""
    data = request.POST.copy()
    stored = False
    for index, form in enumerate(gallery_formset.forms):
        upload = form.cleaned_data.get("upload") if hasattr(form, "cleaned_data") else None
        if upload and "upload" not in form.errors:
            image = services.project_image_store(
                uploaded=upload,
                title=form.cleaned_data.get("alt_text") or upload.name,
                user=request.user,
            )
            data[f"{gallery_formset.prefix}-{index}-image_id"] = str(image.pk)
            stored = True
    if not stored:
        return gallery_formset
    rebound = GalleryFormSet(data, prefix=gallery_formset.prefix)
    rebound.is_valid()
    return rebound


def _gallery_items(gallery_formset) -> list[dict]:
    return [
        {
            "image_id": form.cleaned_data["image_id"],
            "alt_text": form.cleaned_data["alt_text"],
            "caption": form.cleaned_data.get("caption", ""),
        }
        for form in gallery_formset.forms
        if form.cleaned_data.get("image_id") and not form.cleaned_data.get("remove")
    ]


def _gallery_rows(gallery_formset) -> list[tuple]:
    """Each gallery form with the picture already stored for it (if any), for a thumbnail."""

    def image_id(form):
        return database_id(form["image_id"].value())

    images = get_image_model().objects.in_bulk(
        [i for i in map(image_id, gallery_formset.forms) if i]
    )
    return [(form, images.get(image_id(form))) for form in gallery_formset.forms]


def _profile_form_view(request, *, page: ProjectPage | None):
    form, milestones, gallery = _bind_profile_forms(request, page)
    if request.method == "POST":
        valid = all([form.is_valid(), milestones.is_valid(), gallery.is_valid()])
        gallery = _store_uploads(request, gallery) if gallery.is_bound else gallery
        valid = valid and gallery.is_valid()
        if valid:
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in {"description", "habitat_kinds", "tags", "base_revision"}
            }
            arguments = {
                "data": data,
                "description": form.cleaned_data["description"],
                "kinds": list(form.cleaned_data["habitat_kinds"]),
                "tags": form.cleaned_data["tags"],
                "milestones": milestones.milestones(),
                "gallery": _gallery_items(gallery),
            }
            try:
                if page is None:
                    page = services.project_create(user=request.user, **arguments)
                    messages.success(
                        request,
                        _(
                            "Merci ! Votre projet est enregistré et transmis à l'équipe du Labo, "
                            "qui le relit avant publication."
                        ),
                    )
                else:
                    services.project_submit_changes(
                        project=page,
                        user=request.user,
                        base_revision_id=form.cleaned_data["base_revision"],
                        **arguments,
                    )
                    messages.success(
                        request,
                        _(
                            "Vos modifications sont enregistrées et en attente de validation par "
                            "l'équipe du Labo. La page publique changera après leur relecture."
                        ),
                    )
            except services.ProfileEditConflict as conflict:
                form.add_error(None, conflict)
                form.rebase(conflict.latest_revision_id)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("projects:preview", slug=page.slug)
    context = {
        "form": form,
        "milestones": milestones,
        "gallery": gallery,
        "gallery_rows": _gallery_rows(gallery),
        "project": page,
        "moderation": selectors.moderation_state(page) if page else {"status": None},
        **map_context(),
    }
    return _no_store(render(request, "projects/project_form.html", context))


@login_required
def project_create(request):
    if not permissions.can_create_project(request.user):
        raise PermissionDenied
    return _profile_form_view(request, page=None)


@login_required
def project_edit(request, slug):
    project = _project(slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    return _profile_form_view(request, page=project)


@login_required
def project_preview(request, slug):
    """The latest version of the profile, pending or not, for its team and staff."""
    project = _project(slug)
    if not permissions.can_view_project_draft(request.user, project):
        raise PermissionDenied
    draft = project.get_latest_revision_as_object()
    context = draft.get_context(request)
    context.update(
        {"page": draft, "is_preview": True, "moderation": selectors.moderation_state(project)}
    )
    return _no_store(render(request, "projects/project_page.html", context))


@require_POST
@login_required
def project_confirm(request, slug):
    project = _project(slug)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    services.project_confirm(project=project, user=request.user)
    messages.success(request, _("Merci : la confirmation est transmise à l'équipe du Labo."))
    return redirect("projects:preview", slug=slug)


# Team ------------------------------------------------------------------------------------------


@login_required
def project_team(request, slug):
    project = _project(slug)
    if not permissions.can_manage_team(request.user, project):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.project_member_invite(
                project=project,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email}
            )
            return redirect("projects:team", slug=slug)
    context = {
        "project": project,
        "page": project,
        "team": selectors.project_team(project),
        "invitations": project.invitations.filter(accepted_at=None, revoked_at=None),
        "form": form,
    }
    return _no_store(render(request, "projects/project_team.html", context))


@require_POST
@login_required
def project_member_remove(request, slug, membership_id):
    project = _project(slug)
    membership = get_object_or_404(ProjectMembership, pk=membership_id, project=project)
    try:
        services.project_member_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.user.display_name},
        )
    if membership.user_id == request.user.pk:
        return redirect(project.url or "/")
    return redirect("projects:team", slug=slug)


@require_POST
@login_required
def project_referent_handover(request, slug, membership_id):
    project = _project(slug)
    membership = get_object_or_404(ProjectMembership, pk=membership_id, project=project)
    services.project_referent_handover(project=project, to_membership=membership, by=request.user)
    messages.success(
        request,
        _("%(name)s est maintenant référent·e du projet.") % {"name": membership.user.display_name},
    )
    if permissions.can_manage_team(request.user, project):
        return redirect("projects:team", slug=slug)
    return redirect("projects:preview", slug=slug)


def invitation_accept(request, token):
    try:
        invitation = invitations.invitation_from_token(token)
    except ValidationError as error:
        return render(request, "projects/invitation.html", {"error": error.messages[0]}, status=400)
    if not request.user.is_authenticated:
        return render(
            request, "projects/invitation.html", {"invitation": invitation, "needs_account": True}
        )
    if request.method == "POST":
        try:
            membership = services.project_invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            return render(
                request, "projects/invitation.html", {"error": error.messages[0]}, status=400
            )
        messages.success(
            request,
            _("Bienvenue dans l'équipe de « %(project)s » !")
            % {"project": membership.project.title},
        )
        return redirect("projects:preview", slug=membership.project.slug)
    return _no_store(render(request, "projects/invitation.html", {"invitation": invitation}))


# Journal, follow, contact ------------------------------------------------------------------------


@login_required
def project_update_create(request, slug):
    project = _project(slug)
    if not permissions.can_post_project_update(request.user, project):
        raise PermissionDenied
    form = ProjectUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = None
        if form.cleaned_data.get("image"):
            image = services.project_image_store(
                uploaded=form.cleaned_data["image"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        services.project_update_post(
            project=project,
            author=request.user,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            image=image,
            image_alt=form.cleaned_data.get("image_alt", ""),
        )
        messages.success(request, _("Votre actualité est publiée."))
        return redirect(project.url if project.live else f"/projets/{project.slug}/apercu/")
    return _no_store(
        render(
            request,
            "projects/project_update_form.html",
            {"form": form, "project": project, "page": project},
        )
    )


@require_POST
def project_follow_toggle(request, slug):
    project = _project(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(project.url or "/")
    if project.follows.filter(user=request.user).exists():
        services.project_unfollow(user=request.user, project=project)
        messages.success(request, _("Vous ne suivez plus ce projet."))
    else:
        services.project_follow(user=request.user, project=project)
        messages.success(
            request,
            _(
                "Vous suivez ce projet : vous serez prévenu·e de ses "
                "actualités et quand il cherchera des foyers."
            ),
        )
    # From « Mon espace », back there.
    return redirect(local_next(request, project.url))


@require_POST
def project_contact(request, slug):
    project = _project(slug)
    if not permissions.can_contact_project(request.user, project):
        raise Http404
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.project_contact_send(
                project=project,
                sender_name=form.cleaned_data["name"],
                sender_email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                client_ip=LaboAccountAdapter(request).get_client_ip(request),
            )
        except services.ContactRateLimited:
            form.add_error(
                None,
                _(
                    "Vous avez envoyé beaucoup de messages en peu de temps. "
                    "Réessayez dans une heure : votre texte est conservé "
                    "ci-dessous."
                ),
            )
        else:
            messages.success(request, _("Votre message est transmis à l'équipe du projet."))
            return redirect(project.url)
    context = project.get_context(request)
    context.update({"page": project, "contact_form": form})
    return render(request, "projects/project_page.html", context, status=400)


# Suggestions for the commune field (htmx) -----------------------------------------------------


@require_GET
def commune_suggestions(request):
    query = (request.GET.get("commune") or request.GET.get("q") or "").strip()[:60]
    # « Nom (dép.) », as the form shows a chosen commune, finds that commune.
    named = re.fullmatch(r"(.+?) \((\d[\dAB])\)", query)
    communes = []
    if named:
        communes = Commune.objects.filter(name__iexact=named[1], departement=named[2])[:1]
    elif len(query) >= 2:
        communes = Commune.objects.filter(name__istartswith=query).order_by("name")[:15]
    # The centre goes with each name: the location map moves to the commune chosen.
    return HttpResponse(
        format_html_join(
            "",
            '<option value="{}" data-lat="{}" data-lng="{}"></option>',
            (
                (
                    str(c),
                    "" if c.latitude is None else f"{c.latitude:.5f}",
                    "" if c.longitude is None else f"{c.longitude:.5f}",
                )
                for c in communes
            ),
        )
    )
