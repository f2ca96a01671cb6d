from tests.browser.conftest import axe_violations


def _focused(page) -> dict:
    return page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )


def test_visitor_reaches_le_labo_from_the_home_page_with_the_keyboard_only(page):
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Habiter ensemble, en Occitanie")

    page.keyboard.press("Tab")
    first = _focused(page)
    assert first == {"text": "Aller au contenu", "href": "#contenu"}
    assert page.locator(".skip-link").is_visible()

    for _ in range(30):
        page.keyboard.press("Tab")
        if _focused(page)["href"] == "/le-labo/":
            break
    else:
        raise AssertionError("the « Le Labo » link cannot be reached with Tab")

    page.keyboard.press("Enter")
    page.wait_for_url("**/le-labo/")
    assert page.locator("h1").inner_text() == "Le Labo"
    assert "Pourquoi un Labo ?" in page.content()


def test_home_and_editorial_pages_have_no_wcag_aa_violation(page):
    checked = 0
    for url in ["/", "/le-labo/", "/projets/", "/forum/", "/compte/login/", "/compte/signup/"]:
        page.goto(url)
        violations = axe_violations(page)
        assert violations == [], f"{url}: {violations}"
        checked += 1
    print(f"axe-core: {checked} pages checked, 0 violations")
