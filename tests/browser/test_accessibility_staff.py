"""axe-core and a phone's width on the pages the CRESS team opens
(tests/accessibility_visits.py)."""

from tests.accessibility_visits import visits
from tests.browser.accessibility import Findings


def test_the_pages_the_team_opens_have_no_axe_violation(page, demo, settings):
    findings = Findings("staff")
    findings.visit(page, {"equipe@labo.test": visits(demo, settings)["equipe@labo.test"]})
    findings.assert_none()
