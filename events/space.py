"""The events' section of « Mon espace » (labo.core.space): my next registrations."""

from django.utils.translation import gettext_lazy as _

from events.selectors import upcoming_registrations_of
from labo.core.space import SpaceSection

SHOWN = 5


def my_registrations(user) -> dict | None:
    upcoming = upcoming_registrations_of(user)
    return {"registrations": upcoming[:SHOWN], "count": len(upcoming)}


SECTIONS = [
    SpaceSection(
        name="mes-inscriptions",
        order=30,
        title=_("Mes inscriptions aux événements"),
        context=my_registrations,
        template="events/space/my_registrations.html",
        count_key="count",
    ),
]
