"""A carrier edits their profile, the CRESS team approves it in the Wagtail admin, and a visitor
sees the change: the whole moderation loop, in a real browser."""

from projects.models import ProjectPage
from tests.browser.conftest import axe_violations, sign_in

SLUG = "les-toits-partages-du-lauragais"
NEW_SUMMARY = "Quatorze logements, une salle commune et désormais un fournil partagé."


def test_carrier_edit_is_published_only_after_staff_approval(page, browser_context_factory):
    sign_in(page, "porteur.a@labo.test")
    page.goto(f"/projets/{SLUG}/")
    page.get_by_role("link", name="Modifier le projet").click()
    page.fill("#id_summary", NEW_SUMMARY)
    page.get_by_role("button", name="Envoyer mes modifications pour validation").click()
    page.wait_for_url(f"**/projets/{SLUG}/apercu/")
    assert page.get_by_text("Modifications en attente de validation").is_visible()

    visitor = browser_context_factory()
    visitor.goto(f"/projets/{SLUG}/")
    assert NEW_SUMMARY not in visitor.content()

    staff = browser_context_factory()
    sign_in(staff, "equipe@labo.test")
    project = ProjectPage.objects.get(slug=SLUG)
    staff.goto(f"/admin/pages/{project.pk}/edit/")
    # The editor's footer: open "Plus d'actions", then "Approuver".
    staff.locator(".w-dropdown-button").get_by_role("button", name="Plus d'actions").click()
    staff.locator('button[data-workflow-action-name="approve"]').first.click()
    staff.wait_for_load_state("networkidle")

    visitor.goto(f"/projets/{SLUG}/")
    assert NEW_SUMMARY in visitor.content()


def test_directory_and_project_page_have_no_wcag_aa_violation(page):
    checked = 0
    for url in ["/projets/", "/projets/?departement=31&etape=permis-obtenu", f"/projets/{SLUG}/"]:
        page.goto(url)
        assert axe_violations(page) == [], url
        checked += 1
    sign_in(page, "porteur.a@labo.test")
    for url in [f"/projets/{SLUG}/modifier/", f"/projets/{SLUG}/equipe/", "/projets/referencer/"]:
        page.goto(url)
        assert axe_violations(page) == [], url
        checked += 1
    print(f"axe-core: {checked} project pages checked, 0 violations")
