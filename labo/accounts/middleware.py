from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from labo.accounts.two_factor import has_two_factor, two_factor_required

# What a staff member or partner without a second factor may still reach: setting it up, leaving,
# and what the pages themselves need.
_OPEN_PREFIXES = (
    "/compte/2fa/",
    "/compte/reauthenticate/",
    "/compte/logout/",
    "/compte/confirm-email/",
    "/sante/",
)


class TwoFactorRequiredMiddleware:
    """Sends staff and partners who have no authenticator yet to set one up before anything
    else: they reach private applications and the editorial tools."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES + self._asset_prefixes())
            and two_factor_required(user)
            and not has_two_factor(user)
        ):
            messages.warning(
                request,
                _(
                    "Votre rôle donne accès à des candidatures et à des outils d'édition : "
                    "activez la double authentification pour continuer. Il vous faut une "
                    "application d'authentification (par exemple FreeOTP, Aegis ou celle de "
                    "votre gestionnaire de mots de passe)."
                ),
                fail_silently=True,
            )
            target = reverse("mfa_activate_totp")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _asset_prefixes() -> tuple[str, ...]:
        return (settings.STATIC_URL, settings.MEDIA_URL)
