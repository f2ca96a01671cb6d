"""/annonces/…: the archive members read, and the team's desk to write, preview, try and send
an announcement, then follow its sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from announcements import permissions, services
from announcements.forms import AnnouncementForm
from announcements.models import Announcement, AnnouncementStatus
from announcements.segments import recipients_of, segment_members


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def archive(request):
    if not permissions.can_view_archive(request.user):
        raise PermissionDenied
    return _private(
        render(
            request,
            "announcements/archive.html",
            {
                "announcements": permissions.archive_for(request.user),
                "can_manage": permissions.can_manage_announcements(request.user),
            },
        )
    )


@login_required
def detail(request, pk):
    announcement = get_object_or_404(Announcement.objects.select_related("created_by"), pk=pk)
    if not permissions.can_view_announcement(request.user, announcement):
        raise Http404
    return _private(
        render(
            request,
            "announcements/detail.html",
            {
                "announcement": announcement,
                "can_manage": permissions.can_manage_announcements(request.user),
            },
        )
    )


def _initial(announcement: Announcement) -> dict:
    return {
        "title": announcement.title,
        "body": announcement.body,
        "segment": announcement.segment,
        "departements": announcement.departements,
        "project": announcement.project_id,
        "category": announcement.category_id,
        "event": announcement.event_id,
        "programme": announcement.programme_id,
        "in_archive": announcement.in_archive,
    }


@login_required
def edit(request, pk=None):
    """Write a draft; « Aperçu » shows it with whom it will reach, « M'envoyer un essai » mails
    it to oneself, « Envoyer » sends it. Everything typed is kept on every error."""
    if not permissions.can_manage_announcements(request.user):
        raise PermissionDenied
    announcement = get_object_or_404(Announcement, pk=pk) if pk else Announcement()
    if not announcement.is_draft:
        return redirect(reverse("announcements:progress", args=[announcement.pk]))
    form = AnnouncementForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(announcement) if pk else None,
    )
    action = request.POST.get("action", "enregistrer")
    if request.method == "POST" and form.is_valid():
        announcement = services.announcement_save(
            announcement=announcement, by=request.user, data=form.cleaned_data
        )
        if action == "envoyer":
            try:
                count = services.announcement_send(announcement=announcement, by=request.user)
            except services.AlreadySent:
                messages.error(request, _("Cette annonce est déjà partie."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "L'envoi commence : %(count)d personne la recevra.",
                        "L'envoi commence : %(count)d personnes la recevront.",
                        count,
                    )
                    % {"count": count},
                )
            return redirect(reverse("announcements:progress", args=[announcement.pk]))
        if action == "essai":
            services.announcement_test_send(announcement=announcement, to=request.user)
            messages.success(
                request,
                _("Un essai part à %(email)s : regardez-le avant d'envoyer.")
                % {"email": request.user.email},
            )
        elif action == "apercu":
            return redirect(reverse("announcements:edit", args=[announcement.pk]) + "?apercu=1")
        else:
            messages.success(request, _("Brouillon enregistré."))
        return redirect(reverse("announcements:edit", args=[announcement.pk]))
    preview = announcement if announcement.pk and request.GET.get("apercu") else None
    reachable = recipients_of(announcement).count() if announcement.pk else None
    return _private(
        render(
            request,
            "announcements/edit.html",
            {
                "form": form,
                "announcement": announcement if announcement.pk else None,
                "preview": preview,
                "reachable": reachable,
                "segment_size": segment_members(announcement).count() if announcement.pk else None,
            },
            status=400 if request.method == "POST" and not form.is_valid() else 200,
        )
    )


@login_required
def progress(request, pk):
    """Where the sending is: htmx asks again every two seconds while it goes on."""
    if not permissions.can_manage_announcements(request.user):
        raise PermissionDenied
    announcement = get_object_or_404(Announcement, pk=pk)
    template = (
        "announcements/components/progress.html"
        if request.headers.get("HX-Request")
        else "announcements/progress.html"
    )
    return _private(
        render(
            request,
            template,
            {
                "announcement": announcement,
                "sending": announcement.status == AnnouncementStatus.SENDING,
            },
        )
    )
