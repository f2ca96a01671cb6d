"""Badges on the main menu's entries for a signed-in person (Discourse-like: the forum says
how many threads have something new), contributed by the apps from `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass

from labo.registry import Registry


@dataclass(frozen=True)
class MenuBadge:
    name: str
    order: int
    url: str  # the menu entry it goes on
    count: Callable[..., int]  # for a signed-in user


badges: Registry[MenuBadge] = Registry("menu badges")


def register_menu_badge(entry: MenuBadge) -> None:
    badges.register(entry)
