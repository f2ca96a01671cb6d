"""axe-core and a phone's width on the pages a member and a moderator open
(tests/accessibility_visits.py), the second factor's set-up and a suspended member's sign-in."""

from tests.accessibility_visits import suspend, visits
from tests.browser.accessibility import Findings, open_two_factor_setup, sign_in_suspended
from tests.browser.conftest import sign_in


def test_the_pages_members_and_moderators_open_have_no_axe_violation(page, demo, settings):
    pages = visits(demo, settings)
    findings = Findings("member, moderator")
    findings.visit(
        page, {email: pages[email] for email in ("membre@labo.test", "moderation@labo.test")}
    )
    person = page.new_person()
    sign_in(person, "membre@labo.test", "/compte/profil/")
    open_two_factor_setup(person)
    findings.look_at(person, "membre 2FA activation")
    person = page.new_person()
    sign_in_suspended(person, suspend(demo).email)
    findings.look_at(person, "suspended member's sign-in")
    findings.assert_none()
