"""A visitor types « garantie » in the header, picks a suggestion with the keyboard, then
searches and narrows the results to events."""

from search.indexing import index_rebuild
from tests.browser.conftest import axe_violations


def test_a_visitor_finds_the_guarantee_guide_then_the_events(page):
    index_rebuild()
    page.goto("/")
    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.press_sequentially("garantie", delay=40)
    option = page.get_by_role("option", name="Garantie d'emprunt de la Région : mode d'emploi")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert option.inner_text().endswith("Ressource")  # what it is, beside its title
    assert axe_violations(page) == []
    for _ in range(8):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    box.press("Enter")
    page.wait_for_url("**/ressources/garantie-demprunt-de-la-region-mode-demploi/")

    box = page.get_by_role("combobox", name="Rechercher sur le site")
    box.fill("garantie")
    page.get_by_role("option").first.wait_for()
    box.press("Enter")  # no suggestion chosen: the search itself
    page.wait_for_url("**/recherche/?q=garantie")
    assert page.locator("mark").first.is_visible()
    page.get_by_role("navigation", name="Type").get_by_role("link", name="Événements").click()
    page.wait_for_url("**type=evenement**")
    kinds = page.locator(".search-result .badge").all_inner_texts()
    assert kinds and set(kinds) == {"Événements"}
    assert page.get_by_role(
        "link", name="Webinaire : préparer son dossier de garantie d'emprunt"
    ).is_visible()
    assert axe_violations(page) == []
