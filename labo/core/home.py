"""The home page's sections below its header: each app contributes one (the latest projects,
the next events, the newest resources, the liveliest threads), registered from its
`AppConfig.ready()`; the home page shows them in order, each with an empty state that invites
people in while it has nothing to show."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from labo.caching.versions import public
from labo.core.registry import Registry


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    title: str
    # The few things this person may see there (at most three are shown).
    items: Callable[[HttpRequest], Iterable]
    # One card; it receives the thing as `item`.
    card_template: str
    # Where « see them all » leads, or None while that section of the site is not published.
    index_url: Callable[[HttpRequest], str | None]
    link_label: str
    empty_title: str
    empty_text: str
    empty_link_label: str
    # A button in the home page's header, if any (« Découvrir les projets »).
    hero_label: str = ""


sections: Registry[HomeSection] = Registry("home page sections")


def register_home_section(section: HomeSection) -> None:
    sections.register(section)


def first_live_url(model: type[Page]) -> Callable[[HttpRequest], str | None]:
    """`index_url` for a section whose list is a page type (the first live, public one)."""

    def url(request: HttpRequest) -> str | None:
        page = public(model.objects.live()).first()
        return page.get_url(request) if page else None

    return url


@dataclass(frozen=True)
class ShownSection:
    section: HomeSection
    items: Iterable
    url: str | None


def home_sections(request: HttpRequest) -> list[ShownSection]:
    """The sections as this person sees them. Lazy: the home page's body is a kept fragment,
    and what it lists is read only when the fragment is rendered."""
    return [
        ShownSection(
            section=section,
            items=SimpleLazyObject(lambda section=section: list(section.items(request)[:3])),
            url=SimpleLazyObject(lambda section=section: section.index_url(request) or ""),
        )
        for section in sections
    ]
