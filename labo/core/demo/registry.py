"""What each app adds to a new site: its section page (/projets/, /ressources/, /agenda/),
made by `init_site` and `load_demo` alike, and its demo content, made by `load_demo` in order
(the applications need the projects, the events the resources). Registered from each app's
`AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail.models import Page

from labo.registry import Registry


@dataclass(frozen=True)
class SectionPage:
    """An index page right under the home page, in the main menu under `title`."""

    name: str  # its slug, also its key for the menu and the footer
    order: int
    model: type[Page]
    title: str
    intro: str


@dataclass
class DemoSite:
    """What the steps share: the accounts by e-mail, the pictures, and what each step made
    (under its name), for the steps after it."""

    users: dict
    illustration: object
    made: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    # Makes the step's content (idempotent: a second run finds it and makes nothing more)
    # and returns what it made, for the summary and the steps after it.
    build: Callable[[DemoSite], list]


section_pages: Registry[SectionPage] = Registry("section pages")
demo_steps: Registry[DemoStep] = Registry("demo steps")


def register_section_page(entry: SectionPage) -> None:
    section_pages.register(entry)


def register_demo_step(entry: DemoStep) -> None:
    demo_steps.register(entry)
