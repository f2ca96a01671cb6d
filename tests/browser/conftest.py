"""Real journeys in headless Chromium (Debian's /usr/bin/chromium) through Playwright."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made around it
# stay synchronous, one at a time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PERSON_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0 Safari/537.36"
)
AXE_SCRIPT = next((Path(__file__).parent / "vendor").glob("axe-*.min.js"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # No serialized rollback: the `demo` fixture restores the whole database itself.
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture
def page(live_server, demo):
    """A fresh Chromium page on the live server, started after the database is set up and
    stopped before it is flushed.

    Playwright's sync API runs an asyncio loop in this thread while it is alive, and Django
    keeps a separate set of database connections for code running under a loop (asgiref's
    Local): the test database machinery (flush, restore of the migrated state) must run
    outside of it, hence one Playwright per test rather than per session.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = []

        def new_page():
            """Another person in the same test: a separate browser context (own cookies)."""
            # A person's browser: headless Chromium announces itself as "HeadlessChrome",
            # which the platform rightly treats as a robot (download counts).
            # axe-core is injected as an inline script, which the site's Content-Security-
            # Policy rightly blocks: the journeys bypass it; test_content_security_policy.py
            # checks the policy itself with it enforced.
            context = browser.new_context(
                base_url=live_server.url,
                locale="fr-FR",
                user_agent=PERSON_USER_AGENT,
                bypass_csp=True,
            )
            contexts.append(context)
            return context.new_page()

        page = new_page()
        page.new_person = new_page
        yield page
        for context in contexts:
            context.close()
        browser.close()


@pytest.fixture
def browser_context_factory(page):
    return page.new_person


def axe_violations(page, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core in the page; returns the WCAG 2.1 AA violations (empty when none)."""
    page.add_script_tag(content=AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def sign_in(page, email: str, next_url: str = "") -> None:
    """Sign in with a demo account through the login form, as a person would, and land home
    (or on `next_url`)."""
    page.goto(f"/compte/login/?next={next_url}" if next_url else "/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "labo-demo-2025")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}" if next_url else "**/")
