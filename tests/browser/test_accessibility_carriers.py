"""axe-core and a phone's width on the pages a project carrier and a jury member open
(tests/accessibility_visits.py)."""

from tests.accessibility_visits import visits
from tests.browser.accessibility import Findings


def test_the_pages_carriers_and_the_jury_open_have_no_axe_violation(page, demo, settings):
    pages = visits(demo, settings)
    findings = Findings("carrier, jury")
    findings.visit(
        page, {email: pages[email] for email in ("porteur.a@labo.test", "jury@labo.test")}
    )
    findings.assert_none()
