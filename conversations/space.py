"""« Messages privés » in « Mon espace » (labo.core.space): how many conversations have
something unread, and the way to them."""

from django.utils.translation import gettext_lazy as _

from conversations.selectors import unread_count
from labo.core.space import SpaceSection


def unread_conversations(user) -> dict:
    return {"unread": unread_count(user)}


SECTION = SpaceSection(
    name="messages",
    order=42,
    title=_("Messages privés"),
    context=unread_conversations,
    template="conversations/space.html",
    count_key="unread",
)
