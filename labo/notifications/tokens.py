from django.core import signing
from django.urls import reverse

from labo.addresses import absolute_url

_SALT = "labo.notifications.unsubscribe"


def unsubscribe_token(user_id: int, family: str = "") -> str:
    """Every notification e-mail (`family` empty), or one family's (« announcements »)."""
    return signing.dumps([user_id, family] if family else user_id, salt=_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(user id, family or ""), or None for a forged token. Tokens made before families were
    a bare user id: they still stop everything."""
    try:
        value = signing.loads(token, salt=_SALT)
        if isinstance(value, list):
            user_id, family = value
            return int(user_id), str(family)
        return int(value), ""
    except (signing.BadSignature, TypeError, ValueError):
        return None


def user_id_from_unsubscribe_token(token: str) -> int | None:
    read = unsubscribe_token_read(token)
    return read[0] if read else None


def unsubscribe_url(user_id: int, family: str = "") -> str:
    return absolute_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id, family)})
    )
