"""axe-core and a phone's width on the pages a visitor opens (tests/accessibility_visits.py),
and the 429 page."""

from tests.accessibility_visits import visits
from tests.browser.accessibility import Findings, ask_too_many_resets


def test_the_pages_a_visitor_opens_have_no_axe_violation(page, demo, settings):
    findings = Findings("visitor")
    findings.visit(page, {None: visits(demo, settings)[None]})
    person = page.new_person()
    ask_too_many_resets(person)
    findings.look_at(person, "visitor 429")
    findings.assert_none()
