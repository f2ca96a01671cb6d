"""membre@labo.test opens Camille Roux's profile (porteur.a), writes to her privately; Camille
opens the notification and answers; Léa reads the answer in her messages."""

from conversations.models import Conversation
from tests.browser.conftest import axe_violations, sign_in


def test_a_member_writes_privately_to_a_carrier(page, demo, settings):
    settings.FORUM_POST_INTERVAL = 0
    carrier = demo["porteur.a@labo.test"]
    sign_in(page, "membre@labo.test", f"/compte/membres/{carrier.pk}/")
    page.get_by_role("link", name="Écrire un message privé").click()
    page.wait_for_url("**/messages/nouvelle/*")
    assert page.get_by_label("À").input_value() == "Camille Roux"
    page.get_by_label("Objet").fill("Visiter votre habitat")
    page.get_by_label("Votre message").fill("Bonjour Camille, pourrions-nous venir en novembre ?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer").click()
    conversation = Conversation.objects.get(subject="Visiter votre habitat")
    page.wait_for_url(f"**/messages/{conversation.pk}/")
    assert page.get_by_text("pourrions-nous venir en novembre").is_visible()

    camille = page.new_person()
    sign_in(camille, "porteur.a@labo.test", "/compte/notifications/")
    camille.get_by_role(
        "link", name="Message privé de Léa Dupuy : « Visiter votre habitat »"
    ).first.click()
    camille.wait_for_url(f"**/messages/{conversation.pk}/")
    camille.get_by_label("Votre message").fill("Avec plaisir : le samedi 14 au matin ?")
    camille.get_by_role("button", name="Envoyer").click()
    camille.wait_for_url("**#message-*")
    assert axe_violations(camille) == []

    page.goto("/messages/")
    page.get_by_role("link", name="Visiter votre habitat").click()
    assert page.get_by_text("le samedi 14 au matin").is_visible()
