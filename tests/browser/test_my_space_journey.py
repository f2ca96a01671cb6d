"""porteur.a reaches « Mon espace » in one click from the account menu, finds the project and
its applications there; the bell shows the latest notifications as plain text, marks one read
when it is opened; on a phone, the header folds behind « Menu »."""

from labo.notifications.models import Notification
from labo.notifications.services import notification_send
from tests.browser.conftest import axe_violations, sign_in

SLUG = "les-toits-partages-du-lauragais"


def test_a_carrier_finds_their_things_from_any_page(page, demo):
    carrier = demo["porteur.a@labo.test"]
    sign_in(page, "porteur.a@labo.test")
    page.goto("/forum/")
    # The header is one line at 1,280 px, sign-out tucked inside the menu.
    bar = page.locator(".site-header__bar").bounding_box()
    assert bar["height"] < 80
    assert not page.get_by_role("button", name="Se déconnecter").is_visible()

    page.locator(".account-menu summary").click()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    page.get_by_role("link", name="Mon espace").click()
    page.wait_for_url("**/espace/")
    projects = page.locator("#mes-projets")
    assert "Les Toits Partagés du Lauragais" in projects.inner_text()
    applications = page.locator("#mes-candidatures").inner_text()
    assert "AAP VIURE" in applications and "Garantie d'emprunt" in applications
    assert axe_violations(page) == []

    # Escape closes the account menu and gives the focus back to it.
    page.locator(".account-menu summary").click()
    page.keyboard.press("Escape")
    assert not page.get_by_role("button", name="Se déconnecter").is_visible()

    notification_send(
        recipients=[carrier],
        kind="forum.mention",
        title="Léa Dupuy vous a mentionné",
        body="**Camille**, voyez [la fiche](/ressources/) sur la *décision par consentement*.",
        url="/forum/",
    )
    page.goto("/projets/")
    page.locator(".header-bell").click()
    popover = page.locator("#bell-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert "Léa Dupuy vous a mentionné" in text
    assert "Camille, voyez la fiche sur la décision par consentement." in text
    assert "**" not in text and "](/" not in text
    assert axe_violations(page) == []
    popover.get_by_role("link", name="Léa Dupuy vous a mentionné").click()
    page.wait_for_url("**/forum/")
    assert Notification.objects.get(title="Léa Dupuy vous a mentionné").read_at is not None


def test_a_reply_begun_at_the_forum_waits_in_my_drafts(page, demo):
    from forum.models import Thread

    thread = Thread.objects.filter(category__members_only=False, locked=False).first()
    sign_in(page, "membre@labo.test")
    page.goto(thread.get_absolute_url())
    page.locator("#reply_text").fill("Nous avons eu le même souci avec la commune, voici ce")
    page.get_by_text("Brouillon enregistré sur cet appareil.").wait_for()
    page.goto("/espace/")
    drafts = page.locator("#brouillons")
    assert f"Réponse au sujet n° {thread.pk}" in drafts.inner_text()
    assert "Nous avons eu le même souci avec la commune" in drafts.inner_text()
    drafts.get_by_role("link", name=f"Réponse au sujet n° {thread.pk}").click()
    page.wait_for_url(f"**{thread.get_absolute_url()}**")
    assert "le même souci" in page.locator("#reply_text").input_value()


def test_the_phone_header_folds_behind_menu(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/projets/")
    assert page.locator(".site-header").bounding_box()["height"] < 160
    assert not page.locator("#header-search").is_visible()
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#header-search").is_visible()
    assert page.get_by_role("link", name="Ressources").is_visible()
    # The results come first; the filters open from their button.
    first_card = page.locator(".cards .card").first.bounding_box()
    assert first_card["y"] < 900
    assert not page.locator("#filter-q").is_visible()
    page.get_by_role("button", name="Filtrer les projets").click()
    assert page.locator("#filter-q").is_visible()
