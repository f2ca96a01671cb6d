"""Two-factor authentication: TOTP with recovery codes (allauth.mfa), open to every member and
required for staff and partners, who hold the applications and the editorial keys.

The requirement itself is enforced by `labo.accounts.middleware.TwoFactorRequiredMiddleware`;
this module answers who needs it, stops it being switched off by those who need it, and throttles
wrong codes (allauth counts them under its `login_failed` rate limit, which this platform turns
off in favour of labo.accounts.throttling).
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labo.access import access_of
from labo.accounts import throttling
from labo.permissions import is_member, is_partner, is_staff_member


def has_two_factor(user) -> bool:
    # Kept per person (labo.access): the middleware asks on every request of the team.
    return is_member(user) and access_of(user).has_totp


def is_demo_account(user) -> bool:
    return (user.email or "").lower().endswith("@" + settings.DEMO_EMAIL_DOMAIN)


def two_factor_required(user) -> bool:
    """Staff and partners must use a second factor.

    The published demo accounts are exempt while demo logins are enabled (never in production,
    where their password is refused anyway), so that `make demo` and the outside checks of the
    public contract can still sign in with the demo password alone.
    """
    if not (is_staff_member(user) or is_partner(user)):
        return False
    return not (settings.DEMO_LOGIN_ENABLED and is_demo_account(user))


class LaboMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Recovery codes go with the TOTP device; the device itself stays while it is required.
        if authenticator.type == Authenticator.Type.TOTP:
            return not two_factor_required(authenticator.user)
        return True


class _ThrottledCodeMixin:
    def clean_code(self) -> str:
        if throttling.two_factor_is_blocked(self.user):
            raise ValidationError(
                _(
                    "Trop de codes erronés pour ce compte. Par sécurité, réessayez dans un quart "
                    "d'heure."
                ),
                code="throttled",
            )
        try:
            code = super().clean_code()
        except ValidationError:
            throttling.counter_increment(throttling.two_factor_code_key(self.user))
            raise
        cache.delete(throttling.two_factor_code_key(self.user))
        return code


class ThrottledAuthenticateForm(_ThrottledCodeMixin, AuthenticateForm):
    pass


class ThrottledReauthenticateForm(_ThrottledCodeMixin, ReauthenticateForm):
    pass
