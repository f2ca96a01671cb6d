"""Writing in the forum, in Chromium: the toolbar puts Markdown around the selection (by
click and by keyboard), the preview shows the text as it will be posted (sanitised, with the
mention as a link), the mention suggestions open at the caret, and once posted the mention is
a link to the member's profile."""

from forum.models import Thread
from tests.browser.conftest import axe_violations, sign_in


def test_toolbar_preview_and_a_mention_posted_as_a_link(page, settings, demo):
    settings.FORUM_POST_INTERVAL = 0
    camille = demo["porteur.a@labo.test"]
    sign_in(page, "membre@labo.test")
    page.goto("/forum/montage-juridique/nouveau/")
    page.wait_for_load_state("load")
    page.get_by_label("Titre").fill("Des statuts déjà rédigés ?")
    body = page.get_by_label("Votre message")
    body.fill("Nous cherchons des statuts")
    body.press("Control+a")
    page.get_by_role("toolbar", name="Mise en forme").get_by_role("button", name="Gras").click()
    assert body.input_value() == "**Nous cherchons des statuts**"
    body.press("End")
    body.press_sequentially(" pour une SCIA ")
    body.press("Control+i")
    assert body.input_value().endswith("_texte en italique_")
    # The toolbar is one stop: arrows move within it.
    toolbar = page.get_by_role("toolbar", name="Mise en forme")
    toolbar.get_by_role("button", name="Gras").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "Italique"

    body.fill("Merci d'avance ")
    body.press_sequentially("@Cam", delay=40)
    option = page.get_by_role("option", name=camille.display_name)
    option.wait_for()
    # The list opens at the caret: below the textarea's first line, not under the field.
    list_box = page.locator(".mention-list").bounding_box()
    field_box = body.bounding_box()
    assert field_box["y"] < list_box["y"] < field_box["y"] + field_box["height"]
    body.press("Enter")
    body.press_sequentially("<script>alert(1)</script> et **merci**")

    page.get_by_role("button", name="Aperçu").click()
    preview = page.get_by_role("region", name="Aperçu du message")
    preview.locator("strong").wait_for()
    assert preview.locator("strong").inner_text() == "merci"
    mention = preview.locator("a.mention")
    assert mention.inner_text() == f"@{camille.display_name}"
    assert mention.get_attribute("href") == f"/compte/membres/{camille.pk}/"
    assert preview.locator("script").count() == 0
    assert axe_violations(page) == []
    # Typing again hides a preview that no longer matches the text.
    body.press_sequentially(" !")
    assert preview.is_hidden()

    page.get_by_role("button", name="Publier le sujet").click()
    page.wait_for_url("**/forum/montage-juridique/*-des-statuts-deja-rediges/")
    posted = page.locator(".post--original .post__body a.mention")
    assert posted.get_attribute("href") == f"/compte/membres/{camille.pk}/"
    assert Thread.objects.get(title="Des statuts déjà rédigés ?").body.startswith(
        "Merci d'avance @"
    )


def test_a_picture_sent_from_the_toolbar_is_previewed_and_posted(page, settings, demo, tmp_path):
    from io import BytesIO

    from PIL import Image

    settings.FORUM_POST_INTERVAL = 0
    photo = tmp_path / "chantier.jpg"
    buffer = BytesIO()
    Image.new("RGB", (1200, 800), (214, 160, 76)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    sign_in(page, "membre@labo.test")
    page.goto("/forum/montage-juridique/nouveau/")
    page.wait_for_load_state("load")
    page.get_by_label("Titre").fill("Notre chantier en photo")
    body = page.get_by_label("Votre message")
    body.fill("Voici où nous en sommes.\n")
    body.press("End")
    page.locator(".editor-toolbar input[type=file]").set_input_files(str(photo))
    page.wait_for_function(
        "document.querySelector('textarea[data-mentions]').value.includes('](/media/forum/')"
    )
    assert "décrivez-la" in page.locator(".editor-toolbar__status").inner_text()
    # The description is selected: what the member types replaces it.
    page.keyboard.type("La dalle coulée")
    assert "![La dalle coulée](/media/forum/" in body.input_value()
    page.get_by_role("button", name="Aperçu").click()
    picture = page.get_by_role("region", name="Aperçu du message").get_by_role(
        "img", name="La dalle coulée"
    )
    picture.wait_for()
    # It loads from the site's own media (a lazy image, once scrolled into view).
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 1200", arg=picture.element_handle()
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier le sujet").click()
    page.wait_for_url("**/forum/montage-juridique/*-notre-chantier-en-photo/")
    posted = page.locator(".post--original .post__body img")
    assert posted.get_attribute("alt") == "La dalle coulée"
    assert (posted.get_attribute("width"), posted.get_attribute("height")) == ("1200", "800")
