"""/forum/moderation/membres/<id>/: a member as moderators see them (trust level, what they
have posted, their sanctions), where they silence or suspend them and lift it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, sanctions, trust
from forum.forms import SanctionForm
from forum.models import PostStatus, Reply, Thread
from labo.permissions import is_silenced, is_suspended


def _member(request, pk):
    if not permissions.can_see_sanctions(request.user):
        raise PermissionDenied
    return get_object_or_404(get_user_model(), pk=pk, is_active=True)


@login_required
def member_moderation(request, pk):
    member = _member(request, pk)
    may_sanction = permissions.can_sanction(request.user, member)
    form = SanctionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not may_sanction:
            raise PermissionDenied
        if form.is_valid():
            sanctions.member_sanction(
                member=member,
                by=request.user,
                kind=form.cleaned_data["kind"],
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("C'est fait : %(name)s est prévenu·e par e-mail, et la mesure est au journal.")
                % {"name": member.display_name},
            )
            return redirect(reverse("forum:member", args=[member.pk]))
        status = 400
    response = render(
        request,
        "forum/member_moderation.html",
        {
            "member": member,
            "trail": [
                (_("Forum"), reverse("forum:index")),
                (_("File de modération"), reverse("forum:moderation")),
                (member.display_name, None),
            ],
            **trust.standing_of(member),
            "threads_count": Thread.objects.filter(
                author=member, status=PostStatus.PUBLISHED
            ).count(),
            "replies_count": Reply.objects.filter(user=member, status=PostStatus.PUBLISHED).count(),
            "is_silenced": is_silenced(member),
            "is_suspended": is_suspended(member),
            "history": sanctions.member_history(member),
            "may_sanction": may_sanction,
            "form": form,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def member_sanction_lift(request, pk):
    member = _member(request, pk)
    if not permissions.can_sanction(request.user, member):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    if kind in sanctions.SanctionKind.values and sanctions.member_sanction_lift(
        member=member, by=request.user, kind=kind
    ):
        messages.success(
            request,
            _("La mesure est levée : %(name)s est prévenu·e par e-mail.")
            % {"name": member.display_name},
        )
    return redirect(reverse("forum:member", args=[member.pk]))
