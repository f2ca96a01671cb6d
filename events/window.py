"""When registrations are open: a rule on the event's own fields, read by the event's page
(selectors) and enforced when someone registers (services)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import EventPage


class WindowState:
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    STARTED = "started"
    CANCELLED = "cancelled"
    DISABLED = "disabled"


def registration_window_state(event: EventPage, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if event.cancelled:
        return WindowState.CANCELLED
    if not event.registration_enabled:
        return WindowState.DISABLED
    if now >= event.starts_at:
        return WindowState.STARTED
    if event.registration_opens_at and now < event.registration_opens_at:
        return WindowState.NOT_YET_OPEN
    if now >= event.registration_closes:
        return WindowState.CLOSED
    return WindowState.OPEN


def window_refusal(state: str, event: EventPage) -> str:
    return {
        WindowState.CANCELLED: _("Cet événement est annulé."),
        WindowState.DISABLED: _("Cet événement ne prend pas d'inscription sur le site."),
        WindowState.STARTED: _("Cet événement a commencé : les inscriptions sont closes."),
        WindowState.NOT_YET_OPEN: _("Les inscriptions ouvriront le %(date)s.")
        % {"date": timezone.localtime(event.registration_opens_at).strftime("%d/%m/%Y à %H:%M")}
        if event.registration_opens_at
        else "",
        WindowState.CLOSED: _("Les inscriptions sont closes."),
    }[state]
