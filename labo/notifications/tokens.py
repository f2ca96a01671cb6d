from django.core import signing
from django.urls import reverse

from labo.addresses import absolute_url

_SALT = "labo.notifications.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=_SALT, compress=True)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url(user_id: int) -> str:
    return absolute_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    )
