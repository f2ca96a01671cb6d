from labo.accounts.models import MemberProfile, ProfileVisibility
from labo.permissions import is_member, is_staff_member


def can_view_profile(user, profile: MemberProfile) -> bool:
    if profile.user_id == getattr(user, "pk", None) or is_staff_member(user):
        return True
    if not profile.user.is_active:
        return False
    if profile.visibility == ProfileVisibility.PUBLIC:
        return True
    return is_member(user)


def can_see_photo(user, profile: MemberProfile) -> bool:
    """A member's photo goes where their profile may be seen: a profile kept for members shows
    visitors the initials only."""
    return bool(profile.avatar) and can_view_profile(user, profile)


def can_edit_profile(user, profile: MemberProfile) -> bool:
    return is_member(user) and profile.user_id == user.pk
