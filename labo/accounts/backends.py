from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model

from labo.ids import database_id
from labo.permissions import is_suspended
from labo.prepared import PreparedQuery


def _person(user_id: int):
    # The signed-in person with their profile joined: the header shows their photo without a
    # query of its own.
    return get_user_model()._default_manager.select_related("profile").filter(pk=user_id)


# Every signed-in request reads its person: built once per process, the id its parameter.
PERSON = PreparedQuery(_person, parameters=("user_id",))


class LaboAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail authentication, refusing the published demo password wherever demo
    logins are disabled (always in production), even if demo data was loaded there."""

    def get_user(self, user_id):
        # Sent as it is (a prepared query's parameter): never an id no row can have.
        user_id = database_id(user_id)
        if user_id is None:
            return None
        user = PERSON.first(user_id=user_id)
        if user is None:
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
