from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings


class LaboAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail authentication, refusing the published demo password wherever demo
    logins are disabled (always in production), even if demo data was loaded there."""

    def authenticate(self, request, **credentials):
        password = credentials.get("password")
        if password == settings.DEMO_PASSWORD and not settings.DEMO_LOGIN_ENABLED:
            return None
        return super().authenticate(request, **credentials)
