"""Who an announcement goes to: the members of its segment who accepted the team's
announcements (« Mon profil »), active, each once."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from announcements.models import Announcement, Segment
from events.choices import RegistrationStatus


def segment_members(announcement: Announcement):
    """Everyone the segment names, whether or not they accepted announcements."""
    users = get_user_model().objects.filter(is_active=True)
    segment = announcement.segment
    if segment == Segment.DEPARTEMENTS:
        users = users.filter(profile__departement__in=announcement.departements or [])
    elif segment == Segment.PROJECT_FOLLOWERS:
        users = users.filter(project_follows__project_id=announcement.project_id)
    elif segment == Segment.CATEGORY_FOLLOWERS:
        users = users.filter(forum_category_follows__category_id=announcement.category_id)
    elif segment == Segment.PAST_REGISTRANTS:
        came = Q(
            event_registrations__status=RegistrationStatus.CONFIRMED,
            event_registrations__event__ends_at__lt=timezone.now(),
        )
        if announcement.event_id:
            came &= Q(event_registrations__event_id=announcement.event_id)
        users = users.filter(came)
    elif segment == Segment.PROGRAMME_CARRIERS:
        users = users.filter(
            project_memberships__project__applications__round__programme_id=(
                announcement.programme_id
            )
        )
    elif segment == Segment.PARTNERS:
        users = users.filter(partner_memberships__isnull=False)
    return get_user_model().objects.filter(pk__in=users.values("pk"))


def recipients_of(announcement: Announcement):
    """Those of the segment who accepted announcements: the only ones it is sent to."""
    return segment_members(announcement).filter(
        notification_preference__announcements_accepted=True
    )
