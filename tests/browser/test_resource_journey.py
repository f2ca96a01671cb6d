"""A visitor filters the library by the theme « Financement », opens a guide and downloads its
PDF."""

from resources.models import ResourcePage
from tests.browser.conftest import axe_violations


def test_visitor_finds_a_financing_guide_and_downloads_its_pdf(page):
    page.goto("/ressources/")
    page.select_option("#f-theme", value="financement")
    page.select_option("#f-type", value="guide")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/ressources/?**theme=financement**")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Monter un plan de financement").click()
    page.wait_for_url("**/ressources/monter-un-plan-de-financement/")
    assert axe_violations(page) == []
    with page.expect_download() as info:
        button = page.locator("a.download", has_text="Monter un plan de financement")
        assert button.locator(".download__format").inner_text().startswith("PDF")
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert ResourcePage.objects.get(slug="monter-un-plan-de-financement").download_count == 1
