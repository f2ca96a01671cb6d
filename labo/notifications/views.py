from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from labo.addresses import is_local, local_next
from labo.notifications import selectors, services
from labo.notifications.kinds import FAMILIES
from labo.notifications.tokens import unsubscribe_token_read


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    response = render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "groups": selectors.grouped(page.object_list)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def notification_preview(request):
    """The bell's popover (static/js/menus.js fetches it; without JavaScript the bell is a
    plain link to the list)."""
    response = render(
        request,
        "notifications/preview.html",
        {"groups": selectors.latest_groups(request.user)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def notification_open(request, pk):
    """A notification's link: marks it read, then goes where it points. Only its recipient may
    open it (anyone else: not found, as if it did not exist)."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    # The others shown with it (same thread, same application) are read with it.
    services.notifications_mark_read(
        user=request.user,
        ids=[notification.pk, *selectors.unread_about(request.user, notification.url)],
    )
    # A notification only ever points inside the site; anything else falls back to the list.
    if is_local(request, notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_mark_all_read(request):
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    # From the bell's popover, back to the page it was opened on.
    return redirect(local_next(request, reverse("notifications:list")))


@csrf_exempt  # mail clients POST here without a session (RFC 8058); the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    read = unsubscribe_token_read(token)
    if read is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user_id, family = read
    if request.method == "POST":
        services.notifications_unsubscribe(user_id=user_id, family=family)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"done": True, "message": services.unsubscribe_confirmation_message(family)},
        )
    return render(
        request,
        "notifications/unsubscribe.html",
        {"token": token, "family": family, "family_label": FAMILIES.get(family, "")},
    )
