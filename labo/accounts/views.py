from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from labo.accounts import permissions, services
from labo.accounts.forms import ProfileForm
from labo.accounts.models import MemberProfile
from labo.notifications.selectors import email_frequency_of


@login_required
def profile_edit(request):
    profile = services.member_profile_get(user=request.user)
    if not permissions.can_edit_profile(request.user, profile):
        raise PermissionDenied
    initial = {
        "display_name": request.user.display_name,
        "email_frequency": email_frequency_of(request.user),
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
    return render(request, "accounts/profile_detail.html", {"profile": profile})
