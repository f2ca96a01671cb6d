import time

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from labo.core.menu import counts_for
from labo.permissions import is_staff_member


def site_chrome(request):
    user = getattr(request, "user", None)
    return {
        # The bell's count, read with the menu's badges in one query (labo.core.menu).
        "unread_notification_count": SimpleLazyObject(lambda: counts_for(user)["notifications"]),
        "user_is_staff_member": SimpleLazyObject(lambda: is_staff_member(user)),
        "demo_login_enabled": settings.DEMO_LOGIN_ENABLED,
        # For cached fragments that say « il y a 3 minutes » (labo.caching.fragments).
        "this_minute": SimpleLazyObject(lambda: int(time.time()) // 60),
        # For cached fragments that show what is still to come (an application's next meeting).
        "this_hour": SimpleLazyObject(lambda: int(time.time()) // 3600),
    }
