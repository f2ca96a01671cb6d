from django import template
from django.utils import timezone

from events.choices import EventFormat
from labo.core.structured_data import json_ld_script
from labo.dates import time_span as format_event_when

register = template.Library()


@register.simple_tag
def event_when(event) -> str:
    return format_event_when(event.starts_at, event.ends_at)


@register.simple_tag
def seats_left(event):
    """Seats left for an event annotated by selectors.with_seats (None: no limit)."""
    if event.capacity is None:
        return None
    return max(event.capacity - getattr(event, "seats_taken", 0), 0)


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """schema.org Event of a published event (never the online link: it is for registrants)."""
    request = context["request"]
    # The page's own list (events.selectors.event_page_context), read once for the body too.
    organisers = context.get("organisers")
    if organisers is None:
        organisers = event.organisers.all()
    path = event.get_url(request)  # with the request: its root paths, no query
    url = request.build_absolute_uri(path) if path else ""
    attendance_mode = {
        EventFormat.IN_PERSON: "OfflineEventAttendanceMode",
        EventFormat.ONLINE: "OnlineEventAttendanceMode",
        EventFormat.HYBRID: "MixedEventAttendanceMode",
    }[event.event_format]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventAttendanceMode": f"https://schema.org/{attendance_mode}",
        "eventStatus": "https://schema.org/EventCancelled"
        if event.cancelled
        else "https://schema.org/EventScheduled",
        "url": url,
        "organizer": [{"@type": "Organization", "name": o.name} for o in organisers],
    }
    locations = []
    if event.event_format != EventFormat.ONLINE and event.commune_id:
        locations.append(
            {
                "@type": "Place",
                "name": event.venue_name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.venue_address,
                    "addressLocality": event.commune.name,
                    "addressRegion": "Occitanie",
                    "addressCountry": "FR",
                },
            }
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    return json_ld_script(data)
