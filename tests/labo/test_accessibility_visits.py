"""The accessibility visits (tests/accessibility_visits.py), which the browser tests check
with axe-core, reach every page template; the accessibility statement says what they check."""

from django.conf import settings as django_settings
from django.test import Client
from django.test.signals import template_rendered

from tests.accessibility_visits import (
    RESET_REQUESTS,
    TWO_FACTOR_SETUP,
    page_templates,
    suspend,
    visits,
)

PASSWORD = django_settings.DEMO_PASSWORD


def test_the_visits_reach_every_page_template(demo, settings):
    rendered: set[str] = set()

    def record(sender, template, **kwargs):
        if template.name:
            rendered.add(template.name)

    pages = visits(demo, settings)
    template_rendered.connect(record)
    try:
        for email, urls in pages.items():
            person = Client()
            if email:
                person.force_login(demo[email])
            for url in urls:
                assert person.get(url).status_code < 500, url
        # Reached by doing: the 429 page, the second factor's set-up, a suspended sign-in.
        person = Client()
        for _attempt in range(RESET_REQUESTS):
            answer = person.post("/compte/password/reset/", {"email": "membre@labo.test"})
        assert answer.status_code == 429
        person = Client()
        person.force_login(demo["membre@labo.test"])
        answer = person.post(TWO_FACTOR_SETUP, {"password": PASSWORD}, follow=True)
        assert answer.redirect_chain[-1][0] == "/compte/2fa/totp/activate/"
        answer = Client().post(
            "/compte/login/", {"login": suspend(demo).email, "password": PASSWORD}, follow=True
        )
        assert "Votre compte est suspendu" in answer.content.decode()
    finally:
        template_rendered.disconnect(record)

    missing = sorted(page_templates() - rendered)
    assert missing == [], f"page templates that no accessibility visit reaches: {missing}"


def test_the_accessibility_statement_says_what_is_checked(demo, client):
    text = client.get("/accessibilite/").content.decode()
    assert f"sur les {len(page_templates())} modèles de pages" in text
    assert "0 erreur" in text and "partiellement conforme" in text
