"""Who a person is, for every app's permissions module.

Each app decides in its own `permissions.py` (`can_<verb>_<noun>(user, obj) -> bool`); these
helpers only answer the questions those functions share, from labo.roles.
"""

from django.utils import timezone

from labo.access import access_of
from labo.roles import MODERATOR_GROUP, STAFF_GROUP, Role


def _group_names(user) -> frozenset[str]:
    # Kept per person (labo.access): a page asks these questions many times per request.
    return access_of(user).groups


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_silenced(user) -> bool:
    """Silenced by a moderator: reads, flags, but posts nothing until the end of the period."""
    until = getattr(user, "silenced_until", None)
    return until is not None and until > timezone.now()


def is_suspended(user) -> bool:
    """Suspended by a moderator: cannot sign in until the end of the period."""
    until = getattr(user, "suspended_until", None)
    return until is not None and until > timezone.now()


def is_admin(user) -> bool:
    return is_member(user) and user.is_superuser


def is_staff_member(user) -> bool:
    return is_member(user) and (user.is_superuser or STAFF_GROUP in _group_names(user))


def can_view_statistics(user) -> bool:
    """/statistiques/ and its CSV files: the CRESS team's figures (counts only)."""
    return is_staff_member(user)


def can_view_activity_report(user) -> bool:
    """/rapport/: the activity report, its narratives and its exports (counts only, but the
    team's texts are drafts until it publishes its report)."""
    return is_staff_member(user)


def is_moderator(user) -> bool:
    return is_member(user) and (is_staff_member(user) or MODERATOR_GROUP in _group_names(user))


def is_partner(user) -> bool:
    if not is_member(user):
        return False
    return bool(access_of(user).partner_organisations)


def audience_of(user) -> str:
    """The tier of visibility a person belongs to, as a word for cache keys: visitors,
    members, moderators and the team may see different things (members-only resources and
    categories, held posts), so what is cached for one tier is never served to another."""
    if is_staff_member(user):
        return "staff"
    if is_moderator(user):
        return "moderator"
    return "member" if is_member(user) else "visitor"


def site_roles(user) -> set[Role]:
    """The roles that do not depend on a given object (carrier is per project)."""
    if not is_member(user):
        return {Role.VISITOR}
    roles = {Role.MEMBER}
    if is_partner(user):
        roles.add(Role.PARTNER)
    if is_moderator(user):
        roles.add(Role.MODERATOR)
    if is_staff_member(user):
        roles.add(Role.STAFF)
    if is_admin(user):
        roles.add(Role.ADMIN)
    return roles


def can_access_admin(user) -> bool:
    """The Wagtail admin is for staff and admins only (the access_admin permission is granted
    to the staff group by labo.roles)."""
    return is_member(user) and user.has_perm("wagtailadmin.access_admin")
