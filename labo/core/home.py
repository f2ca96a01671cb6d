"""The home page's sections below its header: each app contributes one (the latest projects,
the next events, the newest resources, the liveliest threads), registered from its
`AppConfig.ready()`; the home page shows them in order, each with an empty state that invites
people in while it has nothing to show."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from labo.caching.versions import APPLICATIONS, public, under_content_version
from labo.core.layout import section_url_of_type
from labo.core.pictures import attach_pictures
from labo.core.statistics import figure_value
from labo.facets import five_minutes
from labo.registry import Registry


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    title: str
    # The few things this person may see there (at most three are shown).
    items: Callable[[HttpRequest], Iterable]
    # One card; it receives the thing as `item`.
    card_template: str
    link_label: str
    empty_title: str
    empty_text: str
    empty_link_label: str
    # Where « see them all » leads: the first live, public page of `index_model`, or
    # `index_url(request)` for a section that is not a page; none while neither exists.
    index_model: type[Page] | None = None
    index_url: Callable[[HttpRequest], str | None] | None = None
    # A button in the home page's header, if any (« Découvrir les projets »).
    hero_label: str = ""


sections: Registry[HomeSection] = Registry("home page sections")


def register_home_section(section: HomeSection) -> None:
    sections.register(section)


def _index_urls(request: HttpRequest, models: list[type[Page]]) -> dict[type[Page], str]:
    """The address of the first live, public page of each model: from the site's frame for
    the directories right under the home page (no query), the others in one query."""
    urls = {}
    for model in models:
        url = section_url_of_type(request, model)
        if url is not None:
            urls[model] = url
    models = [model for model in models if model not in urls]
    if not models:
        return urls
    content_types = ContentType.objects.get_for_models(*models)
    model_of = {content_type.pk: model for model, content_type in content_types.items()}
    pages = public(Page.objects.live().filter(content_type__in=list(model_of))).order_by("path")
    for page in pages.only("path", "url_path", "content_type"):
        urls.setdefault(model_of[page.content_type_id], page.get_url(request))
    return urls


@dataclass(frozen=True)
class ShownSection:
    section: HomeSection
    items: Iterable
    url: str | None


def home_sections(request: HttpRequest) -> list[ShownSection]:
    """The sections as this person sees them. Lazy: the home page's body is a kept fragment,
    and what it lists is read only when the fragment is rendered."""
    index_urls = SimpleLazyObject(
        lambda: _index_urls(request, [s.index_model for s in sections if s.index_model])
    )

    def url(section: HomeSection) -> str:
        if section.index_model is not None:
            return index_urls.get(section.index_model, "")
        return (section.index_url(request) if section.index_url else None) or ""

    def listed() -> dict[str, list]:
        # Every section at once, so that their pictures are read in one query.
        shown = {section.name: list(section.items(request)[:3]) for section in sections}
        attach_pictures(item for items in shown.values() for item in items)
        return shown

    everything = SimpleLazyObject(listed)
    return [
        ShownSection(
            section=section,
            items=SimpleLazyObject(lambda section=section: everything[section.name]),
            url=SimpleLazyObject(lambda section=section: url(section)),
        )
        for section in sections
    ]


def key_figures(page) -> list[tuple[str, str]]:
    """(value, label) of each key figure: computed ones from the data, kept under the content
    and applications versions (a registration's attendance moves the first, an application's
    stage the second); a typed value where nothing is computed, or nothing could be."""

    def compute() -> list[tuple[str, str]]:
        figures = []
        for block in page.key_figures:
            source = block.value.get("source") or ""
            number = figure_value(source) if source else None
            shown = number_format(number, force_grouping=True) if number is not None else ""
            figures.append((shown or block.value.get("value") or "", block.value["label"]))
        return [(value, label) for value, label in figures if value]

    if not any(block.value.get("source") for block in page.key_figures):
        return compute()
    return under_content_version(f"home-figures:{page.pk}:{APPLICATIONS.read()}", compute)


def home_context(request: HttpRequest, page) -> dict:
    """What the home page's template reads (registered as its page context)."""
    # The next events change with the clock, not only with content.
    return {
        "sections": home_sections(request),
        "moment": five_minutes(),
        "figures": SimpleLazyObject(lambda: key_figures(page)),
    }
