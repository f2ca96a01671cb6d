from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from labo.accounts import permissions, personal_data, services
from labo.accounts.forms import AccountDeleteForm, ProfileForm, family_field
from labo.accounts.models import MemberProfile
from labo.accounts.profile_actions import actions_for
from labo.notifications.selectors import announcements_accepted, email_frequencies_of


@login_required
def profile_edit(request):
    profile = services.member_profile_get(user=request.user)
    if not permissions.can_edit_profile(request.user, profile):
        raise PermissionDenied
    default, by_family = email_frequencies_of(request.user)
    initial = {
        "display_name": request.user.display_name,
        "announcements_accepted": announcements_accepted(request.user),
        "email_frequency": default,
        **{family_field(family): frequency for family, frequency in by_family.items()},
    }
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=profile, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        avatar = data.get("avatar")
        try:
            services.member_profile_update(
                user=request.user,
                display_name=data["display_name"],
                organisation=data["organisation"],
                departement=data["departement"],
                bio=data["bio"],
                visibility=data["visibility"],
                email_frequency=data["email_frequency"],
                email_frequency_by_family=form.by_family(),
                announcements_accepted=data["announcements_accepted"],
                avatar=avatar if avatar and "avatar" in request.FILES else None,
                remove_avatar=avatar is False,
            )
        except ValidationError as error:
            form.add_error("avatar", error)
        else:
            messages.success(request, _("Votre profil est à jour."))
            return redirect("accounts:profile")
    response = render(request, "accounts/profile_edit.html", {"form": form, "profile": profile})
    response["Cache-Control"] = "private, no-store"
    return response


def profile_detail(request, pk):
    profile = get_object_or_404(MemberProfile.objects.select_related("user"), user_id=pk)
    if not permissions.can_view_profile(request.user, profile):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(
        request,
        "accounts/profile_detail.html",
        {"profile": profile, "actions": actions_for(request, profile.user)},
    )


@login_required
def personal_data_download(request):
    """RGPD: everything the platform holds about the signed-in member, as JSON."""
    data = personal_data.member_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-labo.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.member_account_delete(user=user)
        messages.success(
            request,
            _(
                "Votre compte est supprimé, avec vos données personnelles. Vos messages du forum "
                "restent, signés « membre supprimé ». Merci d'avoir participé au Labo."
            ),
        )
        return redirect("/")
    response = render(
        request,
        "accounts/account_delete.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
