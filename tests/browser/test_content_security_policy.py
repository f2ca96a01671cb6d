"""The Content-Security-Policy, enforced in Chromium: the public pages, the member pages with
their scripts (suggestions, forum drafts and mentions) run without a single violation, and an
injected inline script is blocked."""

from tests.browser.conftest import PERSON_USER_AGENT

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

PAGES = [
    "/",
    "/projets/",
    "/projets/les-toits-partages-du-lauragais/",
    "/ressources/",
    "/ressources/garantie-demprunt-de-la-region-mode-demploi/",
    "/agenda/",
    "/agenda/cafe-des-porteurs-toulouse/",
    "/agenda/?vue=mois",
    "/forum/",
    "/forum/montage-juridique/",
    "/recherche/?q=garantie",
    "/compte/login/",
]


def _enforcing_page(page, live_server):
    context = page.context.browser.new_context(
        base_url=live_server.url, locale="fr-FR", user_agent=PERSON_USER_AGENT
    )
    context.add_init_script(COLLECT)
    return context.new_page()


def test_no_page_violates_the_policy(page, live_server):
    strict = _enforcing_page(page, live_server)
    for url in PAGES:
        response = strict.goto(url)
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"], url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], url
        strict.wait_for_load_state("networkidle")
        assert strict.evaluate("window.__cspViolations") == [], url

    # Signed in, with the scripts that do something: suggestions and the forum's helpers.
    strict.goto("/compte/login/?next=/forum/montage-juridique/")
    strict.fill("#id_login", "membre@labo.test")
    strict.fill("#id_password", "labo-demo-2025")
    strict.locator("main button[type=submit]").click()
    strict.wait_for_url("**/forum/montage-juridique/")
    strict.get_by_role("link", name="Ouvrir un sujet").click()
    strict.wait_for_url("**/nouveau/")
    strict.wait_for_load_state("load")  # forum.js (deferred) listens from here on
    message = strict.get_by_label("Votre message")
    message.fill("Une question pour ")
    message.press_sequentially("@Cam", delay=40)
    strict.get_by_role("option", name="Camille Roux").wait_for()
    strict.get_by_role("combobox", name="Rechercher sur le site").press_sequentially("garantie")
    strict.get_by_role("option").first.wait_for()
    assert strict.evaluate("window.__cspViolations") == []

    # What an attacker's injected inline script would meet.
    strict.evaluate(
        "() => { const s = document.createElement('script'); "
        "s.textContent = 'window.__pwned = true'; document.body.appendChild(s); }"
    )
    strict.wait_for_timeout(100)
    assert strict.evaluate("window.__pwned === undefined")
    assert any("script-src" in v for v in strict.evaluate("window.__cspViolations"))
