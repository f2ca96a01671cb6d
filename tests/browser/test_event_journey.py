"""membre@labo.test joins the waiting list of the full « Café des porteurs », a registered
carrier cancels from their own browser, and membre is promoted: the page now shows the online
link, and an e-mail said so."""

from django.core import mail

from events.models import Registration
from tests.browser.conftest import axe_violations

CAFE = "/agenda/cafe-des-porteurs-toulouse/"
LINK = "https://visio.labo-habitat-communs.example/cafe-des-porteurs"


def _login(page, email, next_url):
    page.goto(f"/compte/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", "labo-demo-2025")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def test_a_member_is_waitlisted_then_promoted_when_someone_cancels(page):
    page.goto("/agenda/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Café des porteurs de projets à Toulouse").click()
    page.wait_for_url(f"**{CAFE}")
    assert page.get_by_text("C'est complet.").is_visible()
    assert LINK not in page.content()

    _login(page, "membre@labo.test", CAFE)
    page.get_by_label("Le nom de votre projet (si vous en portez un)").fill("Pas encore de projet")
    page.get_by_role("button", name="Rejoindre la liste d'attente").click()
    page.wait_for_url(f"**{CAFE}#inscription")
    assert page.get_by_text("Vous êtes n° 1 sur la liste d'attente").first.is_visible()
    assert LINK not in page.content()
    assert axe_violations(page) == []

    carrier = page.new_person()
    _login(carrier, "referent.projet02@labo.test", CAFE)
    assert carrier.get_by_text("Vous êtes inscrit·e. À bientôt !").is_visible()
    carrier.get_by_role("button", name="Annuler mon inscription").click()
    carrier.wait_for_url(f"**{CAFE}#inscription")
    assert carrier.get_by_text("Votre inscription est annulée").is_visible()

    page.reload()
    assert page.get_by_text("Vous êtes inscrit·e. À bientôt !").is_visible()
    assert (
        page.get_by_role("link", name="Rejoindre la visioconférence").get_attribute("href") == LINK
    )
    registration = Registration.objects.get(
        event__slug="cafe-des-porteurs-toulouse", user__email="membre@labo.test"
    )
    assert registration.is_confirmed
    promotion = [m for m in mail.outbox if m.to == ["membre@labo.test"]][-1]
    assert "Une place s'est libérée" in promotion.subject and LINK in promotion.body

    page.goto("/agenda/mes-inscriptions/")
    assert page.get_by_text("Inscription confirmée").is_visible()
    assert axe_violations(page) == []


def test_a_visitor_registers_without_an_account_and_cancels_from_the_email(page):
    """An elected official who comes once: a name, an address, a companion; the link of the
    e-mail confirms, the link of the confirmation cancels, and the seats come back."""
    event = "/agenda/visite-habitat-groupe-ariege/"
    page.goto(event)
    seats_before = page.locator("#inscription").inner_text()
    page.get_by_label("Votre nom").fill("Hélène Castan")
    page.get_by_label("Votre adresse e-mail").fill("helene.castan@mairie-foix.example")
    page.get_by_label("Vous venez accompagné·e ?").select_option(label="Oui, avec 1 personne(s)")
    page.get_by_label("Leurs noms (facultatif)").fill("Son adjoint aux solidarités")
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url("**/inscription/envoyee/")
    assert page.get_by_role("heading", name="Vérifiez votre boîte e-mail").is_visible()
    assert axe_violations(page) == []

    (check,) = [m for m in mail.outbox if m.to == ["helene.castan@mairie-foix.example"]]
    confirm = next(word for word in check.body.split() if word.endswith("/confirmer/"))
    page.goto("/" + confirm.split("://", 1)[1].split("/", 1)[1])
    assert page.get_by_text("C'est confirmé : votre place est réservée").is_visible()
    assert page.get_by_text("1 personne (Son adjoint aux solidarités)").is_visible()
    registration = Registration.objects.get(guest_email="helene.castan@mairie-foix.example")
    assert registration.is_confirmed and registration.seats == 2

    confirmation = [m for m in mail.outbox if m.to == check.to][-1]
    assert confirmation.attachments[0][0] == "evenement.ics"
    manage = next(word for word in confirmation.body.split() if "/agenda/inscription/" in word)
    page.goto("/" + manage.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert page.get_by_text("Votre inscription est annulée").first.is_visible()
    registration.refresh_from_db()
    assert not registration.is_active

    page.goto(event)
    assert page.locator("#inscription").inner_text() == seats_before
