from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from events.choices import EventFormat, EventScope
from events.models import EventIndexPage, EventPage, RegistrationQuestion
from projects.models import Commune


def make_event(
    title: str,
    *,
    starts_in: timedelta = timedelta(days=10),
    duration: timedelta = timedelta(hours=2),
    event_format: str = EventFormat.IN_PERSON,
    commune: str | None = "31555",
    capacity: int | None = 20,
    waitlist: bool = True,
    online_url: str = "",
    questions: tuple = (),
    publish: bool = True,
    **fields,
) -> EventPage:
    """An event under /agenda/, published (which records its announced schedule)."""
    index = EventIndexPage.objects.get()
    starts_at = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    commune_obj = Commune.objects.get(insee_code=commune) if commune else None
    event = EventPage(
        title=title,
        slug=fields.pop("slug", slugify(title)[:80]),
        summary=fields.pop("summary", f"Présentation de {title}"),
        starts_at=starts_at,
        ends_at=starts_at + duration,
        event_format=event_format,
        venue_name="" if event_format == EventFormat.ONLINE else "Salle des fêtes",
        commune=commune_obj,
        departement=commune_obj.departement if commune_obj else "",
        online_url=online_url,
        scope=fields.pop("scope", EventScope.REGIONAL),
        capacity=capacity,
        waitlist_enabled=waitlist,
        live=publish,
        **fields,
    )
    event.questions = [
        RegistrationQuestion(label=label, kind=kind, required=required)
        for label, kind, required in questions
    ]
    index.add_child(instance=event)
    if publish:
        event.save_revision().publish()
    event.refresh_from_db()
    return event


def publish_change(event: EventPage, **changes) -> EventPage:
    """Edit and publish as an editor would in the admin."""
    event = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)
