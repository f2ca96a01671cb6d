from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.models import EventPage
from events.permissions import can_manage_registrations


@hooks.register("register_page_listing_more_buttons")
def registrants_button(page, user, next_url=None):
    """The team reaches an event's registrant list from the page explorer."""
    if page.specific_class is EventPage and can_manage_registrations(user, page):
        yield Button(
            _("Inscriptions"),
            reverse("events:registrants", args=[page.slug]),
            icon_name="group",
            priority=15,
        )
