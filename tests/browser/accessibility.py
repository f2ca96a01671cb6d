"""axe-core (WCAG 2.1 A and AA rules) and a 390 px phone's width on the accessibility visits
(tests/accessibility_visits.py), in Chromium."""

from django.conf import settings

from tests.accessibility_visits import RESET_REQUESTS, TWO_FACTOR_SETUP
from tests.browser.conftest import axe_violations, sign_in
from tests.figures import report

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
# How far the page scrolls sideways, and the element that reaches furthest right (to fix it).
WIDEST = """() => {
  const page = document.documentElement;
  const overflow = page.scrollWidth - page.clientWidth;
  if (overflow <= 0) return null;
  let widest = null, right = 0;
  for (const element of document.body.querySelectorAll("*")) {
    const edge = element.getBoundingClientRect().right;
    if (edge > right) { right = edge; widest = element; }
  }
  return `${overflow} px: <${widest.tagName.toLowerCase()} class="${widest.className}">`
    + ` ${(widest.textContent || "").trim().slice(0, 40)}`;
}"""


class Findings:
    """What axe-core and the phone found on the pages of one part of the visits."""

    def __init__(self, part: str):
        self.part = part
        self.checked = 0
        self.failures: dict[str, list] = {}
        self.too_wide: dict[str, str] = {}

    def look_at(self, person, name: str) -> None:
        """The page `person` shows: axe-core on a desktop, then its width on a phone, where
        nothing may make the page itself scroll sideways (a wide table scrolls inside its own
        box)."""
        self.checked += 1
        if violations := axe_violations(person):
            self.failures[name] = violations
        person.set_viewport_size(PHONE)
        if overflow := person.evaluate(WIDEST):
            self.too_wide[name] = overflow
        person.set_viewport_size(DESKTOP)

    def visit(self, page, visits: dict[str | None, list[str]]) -> None:
        """Each account of `visits` (None: a visitor) in a browser of its own."""
        for email, urls in visits.items():
            person = page.new_person()
            if email:
                sign_in(person, email, "/compte/profil/")
            for url in urls:
                person.goto(url)
                person.wait_for_load_state("load")
                self.look_at(person, f"{email or 'visitor'} {url[:80]}")

    def assert_none(self) -> None:
        report(
            f"accessibility (axe-core, WCAG 2.1 AA): {self.part}",
            f"{self.checked} pages, {sum(len(v) for v in self.failures.values())} violations",
        )
        assert self.failures == {}
        assert self.too_wide == {}, "pages wider than a 390 px phone (px of sideways scrolling)"


def ask_too_many_resets(person) -> None:
    """The 429 page: one password reset request too many."""
    for _attempt in range(RESET_REQUESTS):
        person.goto("/compte/password/reset/")
        person.fill("#id_email", "membre@labo.test")
        person.locator("main button[type=submit]").click()
        person.wait_for_load_state("load")
    assert "Trop de demandes" in person.content()


def open_two_factor_setup(person) -> None:
    """The second factor's set-up, after typing one's password again."""
    person.goto(TWO_FACTOR_SETUP)
    person.fill("#id_password", settings.DEMO_PASSWORD)
    person.locator("main button[type=submit]").click()
    person.wait_for_url("**/compte/2fa/totp/activate/")


def sign_in_suspended(person, email: str) -> None:
    """What a suspended member meets when they sign in."""
    person.goto("/compte/login/")
    person.fill("#id_login", email)
    person.fill("#id_password", settings.DEMO_PASSWORD)
    person.locator("main button[type=submit]").click()
    person.wait_for_load_state("load")
    assert "Votre compte est suspendu" in person.content()
