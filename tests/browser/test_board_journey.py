"""The CRESS team moves a card on the board by drag and drop: only to an allowed stage, with
the note dialog; cancelling puts the card back."""

from playwright.sync_api import expect

from projects.models import Application
from tests.browser.conftest import sign_in

SLUG = "les-toits-partages-du-lauragais"


def _drag(page, card, column):
    """Press, move in steps, release: how a person drags (SortableJS's mouse fallback). The
    card goes up out of the board first, then across, then down into the column, so that it
    crosses no other column on the way."""
    # By its text, not its link or its « Déplacer » (they keep their own clicks).
    start = card.locator(".card__meta").first.bounding_box()
    end = column.bounding_box()
    above = page.locator(".board").bounding_box()["y"] - 40
    x, y = start["x"] + 20, start["y"] + 5
    page.mouse.move(x, y)
    page.mouse.down()
    for to_x, to_y in ((x, above), (end["x"] + 30, above), (end["x"] + 30, end["y"] + 40)):
        page.mouse.move(to_x, to_y, steps=12)
    page.mouse.up()


def test_staff_drag_a_card_to_the_next_stage(page, demo):
    application = Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")
    stages = {s.staff_name: s for s in application.round.programme.stages.all()}
    sign_in(page, "equipe@labo.test")
    page.goto(f"/candidatures/tableau/{application.round_id}/")
    card = page.locator(f'[data-application="{application.pk}"]')
    # A skip from « Candidature reçue »: the column refuses the card, no dialog.
    _drag(page, card, page.locator(f'[data-stage="{stages["Dossier complet"].pk}"]'))
    assert not page.locator("#move-dialog").is_visible()
    assert card.locator("xpath=..").get_attribute("data-stage") == str(application.stage_id)

    # Allowed, then cancelled: the card goes back.
    target = page.locator(f'[data-stage="{stages["Pré-audition"].pk}"]')
    _drag(page, card, target)
    dialog = page.locator("#move-dialog")
    dialog.wait_for(state="visible")
    assert "Pré-audition" in dialog.inner_text()
    dialog.get_by_role("button", name="Annuler").click()
    expect(card.locator("xpath=..")).to_have_attribute("data-stage", str(application.stage_id))

    # Allowed and confirmed: moved, with the note in the chronology.
    _drag(page, card, target)
    dialog.wait_for(state="visible")
    dialog.get_by_label("Note pour la chronologie (facultatif)").fill("Entretien concluant.")
    dialog.get_by_label("Je confirme ce changement d'étape").check()
    dialog.get_by_role("button", name="Changer d'étape").click()
    page.wait_for_load_state("load")
    application.refresh_from_db()
    assert application.stage == stages["Pré-audition"]
    assert application.events.filter(text="Entretien concluant.").exists()
    assert "L'étape de la candidature est mise à jour." in page.content()
