"""porteur.a uploads a document, the CRESS team moves the application to « Pré-audition »
with a note, porteur.a sees it on the timeline and receives the e-mail."""

from pathlib import Path

from django.core import mail

from projects.models import Application
from tests.browser.conftest import axe_violations, sign_in


def test_a_round_step_seen_by_the_carrier(page, browser_context_factory, tmp_path: Path):
    application = Application.objects.get(
        project__slug="les-toits-partages-du-lauragais", round__programme__slug="aap-viure"
    )
    pdf = tmp_path / "dossier-candidature.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n")

    sign_in(page, "porteur.a@labo.test")
    page.goto("/candidatures/")
    page.get_by_role("link", name="Les Toits Partagés du Lauragais").first.click()
    page.wait_for_url(f"**/candidatures/{application.pk}/")
    page.set_input_files(
        f"#file-{application.round.programme.required_documents.first().pk}", str(pdf)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Déposer", exact=True).click()
    assert page.get_by_text("Document déposé.").is_visible()
    assert axe_violations(page) == []

    staff = browser_context_factory()
    sign_in(staff, "equipe@labo.test")
    staff.goto(f"/candidatures/{application.pk}/")
    # The page's main action: the next stage, named on the button.
    staff.fill("#next-note", "Pré-audition le 12 mars à La Cité, merci pour le dossier complet.")
    staff.get_by_role("button", name="Passer à l'étape suivante : Pré-audition").click()
    staff.wait_for_url(f"**/candidatures/{application.pk}/")
    assert staff.get_by_text("L'étape de la candidature est mise à jour.").is_visible()

    page.goto(f"/candidatures/{application.pk}/")
    timeline = page.locator("section[aria-labelledby=timeline-title]").inner_text()
    assert "Pré-audition" in timeline
    assert "merci pour le dossier complet" in timeline
    to_carrier = [m for m in mail.outbox if m.to == ["porteur.a@labo.test"]]
    assert any("Pré-audition" in m.subject for m in to_carrier)
