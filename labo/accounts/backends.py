from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model

from labo.permissions import is_suspended


class LaboAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail authentication, refusing the published demo password wherever demo
    logins are disabled (always in production), even if demo data was loaded there."""

    def get_user(self, user_id):
        # The signed-in person with their profile joined: the header shows their photo
        # without a query of its own.
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        # A suspended member's sessions end with the suspension's start, on every device.
        if not self.user_can_authenticate(user) or is_suspended(user):
            return None
        return user

    def authenticate(self, request, **credentials):
        password = credentials.get("password")
        if password == settings.DEMO_PASSWORD and not settings.DEMO_LOGIN_ENABLED:
            return None
        return super().authenticate(request, **credentials)
