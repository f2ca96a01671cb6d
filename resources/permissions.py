"""Who sees which resource. A members-only resource is a Wagtail page restricted to signed-in
people: visitors get its teaser, never its body or files."""

from wagtail.models import PageViewRestriction

from labo.caching.versions import public
from labo.permissions import is_member, is_staff_member


def pages_visible_to(queryset, user):
    """Live pages this person may read: public ones, plus members-only ones for members."""
    queryset = queryset.live()
    if not is_member(user):
        return public(queryset)
    if is_staff_member(user):
        return queryset
    other = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
    for path in other.values_list("page__path", flat=True):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def is_members_only(page) -> bool:
    return any(
        r.restriction_type == PageViewRestriction.LOGIN for r in page.get_view_restrictions()
    )


def can_read_resource(user, resource) -> bool:
    if not resource.live:
        return is_staff_member(user)
    if is_members_only(resource):
        return is_member(user)
    return not resource.get_view_restrictions().exists() or is_staff_member(user)


def can_see_download_counts(user) -> bool:
    return is_staff_member(user)


def can_propose_resource(user) -> bool:
    return is_member(user)
