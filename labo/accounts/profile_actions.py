"""What a member's profile page offers the person reading it, gathered from the apps without
importing one: « Écrire un message privé », « Bloquer », a moderator's « Fiche de
modération ». Each app registers a function (request, member) → the action, or None when it
does not concern this reader."""

from collections.abc import Callable
from dataclasses import dataclass

from labo.registry import Registry


@dataclass(frozen=True)
class ProfileAction:
    name: str
    order: int
    # → {"label", "url"} for a link, with "post": {field: value} for a button that posts;
    # None when this reader has no such action on this member.
    action: Callable[..., dict | None]


profile_actions: Registry[ProfileAction] = Registry("profile actions")


def register_profile_action(entry: ProfileAction) -> None:
    """From an app's `AppConfig.ready()`."""
    profile_actions.register(entry)


def actions_for(request, member) -> list[dict]:
    """The actions this reader has on this member's profile, in order."""
    if not request.user.is_authenticated:
        return []
    return [shown for entry in profile_actions if (shown := entry.action(request, member))]
