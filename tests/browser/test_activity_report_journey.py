"""Inès, of the CRESS team, opens the 2025 report from her menu, writes the text of the events
section from the proposed sentences, asks for the PDF and downloads it once it is ready."""

import io

from pypdf import PdfReader

from labo.reports.models import ReportNarrative
from tests.browser.conftest import axe_violations, sign_in


def test_the_team_writes_the_report_and_downloads_its_pdf(page):
    sign_in(page, "equipe@labo.test")
    page.locator("summary", has_text="Inès Garcia").click()
    page.get_by_role("link", name="Rapport d'activité").click()
    page.wait_for_url("**/rapport/*/")
    page.goto("/rapport/2025/")
    assert page.locator('[data-figure="aap_viure_entretiens_prealables"]').inner_text() == "18"
    assert axe_violations(page) == []

    events = page.locator("#evenements")
    events.locator("summary", has_text="Modifier le texte").click()  # the demo wrote one
    events.get_by_role("button", name="Insérer la proposition chiffrée").click()
    page.wait_for_load_state()
    box = page.locator("#id_evenements-texte")
    proposal = box.input_value()
    assert "« Lancement du Labo de l'habitat des communs », a rassemblé 112 personnes" in proposal
    box.fill(proposal + " Merci aux 112 participant·es !")
    page.locator("#evenements").get_by_role("button", name="Enregistrer le texte").click()
    page.wait_for_url("**/rapport/2025/#evenements")
    assert "Texte de la section enregistré." in page.content()
    assert ReportNarrative.objects.get(section="evenements").text.endswith("participant·es !")

    page.get_by_role("button", name="PDF pour l'impression").click()
    page.wait_for_url("**/rapport/2025/#exports")
    link = page.get_by_role("link", name="Télécharger (PDF)")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "rapport-activite-labo-2025.pdf"
    with open(download.path(), "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Merci aux 112 participant·es !" in text
    assert axe_violations(page) == []
