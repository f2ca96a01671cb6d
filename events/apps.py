from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _event_published(sender, instance, **kwargs):
    # Wagtail publishes from its own views and workflows: this only hands over to the service.
    from events.services import event_published

    event_published(event=instance)


class EventsConfig(AppConfig):
    name = "events"
    label = "events"
    verbose_name = _("Agenda")

    def ready(self):
        from wagtail.signals import page_published

        from events.models import EventPage

        page_published.connect(
            _event_published, sender=EventPage, dispatch_uid="events.event_published"
        )

        from events.services import event_reviewed
        from labo.core.moderation import register_moderation_notifier

        register_moderation_notifier(EventPage, event_reviewed)

        from events import contributions

        contributions.register()
