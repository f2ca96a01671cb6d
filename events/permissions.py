"""Who may do what with events and registrations. The same functions guard the views, hide the
buttons in the templates and filter the calendars."""

from labo.access import access_of
from labo.permissions import is_member, is_staff_member


def can_register(user, event) -> bool:
    """Members register themselves; whether seats remain is the service's business."""
    return is_member(user) and event.live and event.registration_enabled


def can_register_as_guest(user, event) -> bool:
    """Visitors register with a name and an e-mail address, where the event allows it; a
    signed-in person registers with their account."""
    return (
        not getattr(user, "is_authenticated", False)
        and event.live
        and event.registration_enabled
        and event.guests_allowed
    )


def can_see_online_link(user, event, registration=None) -> bool:
    if is_staff_member(user):
        return True
    return bool(
        registration is not None
        and registration.user_id is not None
        and registration.user_id == getattr(user, "pk", None)
        and registration.is_confirmed
    )


def can_manage_registrations(user, event=None) -> bool:
    """Registrant lists, exports, attendance and messages: the CRESS team only."""
    return is_staff_member(user)


def can_view_registration(user, registration) -> bool:
    """Staff, and the member it belongs to. A guest sees theirs through the secret link of
    their e-mails (`registration_by_token`), never through an account."""
    return is_staff_member(user) or (
        is_member(user) and registration.user_id is not None and registration.user_id == user.pk
    )


def can_have_calendar_feed(user) -> bool:
    return is_member(user)


def can_see_attendee_names(user) -> bool:
    """Members see who is coming among those who agreed to be named; visitors see a count."""
    return is_member(user)


def can_propose_event(user) -> bool:
    """Project carriers (members of a project's team) propose a local event; the CRESS team
    reviews it in « Relecture » before it is published."""
    return is_member(user) and (is_staff_member(user) or bool(access_of(user).project_roles))
