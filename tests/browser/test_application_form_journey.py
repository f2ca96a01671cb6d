"""porteur.a revises the VIURE form sent back by the team: what they type is saved as they
type, survives a session that expires in the middle, and is sent with the questions' rules."""

from projects.models import Application, FormResponse, FormState, FormSubmission
from tests.browser.conftest import axe_violations, sign_in

SLUG = "les-toits-partages-du-lauragais"


def _application():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def test_typing_is_saved_and_survives_an_expired_session(page, demo):
    application = _application()
    url = f"/candidatures/{application.pk}/formulaire/"
    sign_in(page, "porteur.a@labo.test")
    page.goto(f"/candidatures/{application.pk}/")
    page.get_by_role("link", name="Continuer le formulaire").click()
    page.wait_for_url(f"**{url}**")
    assert "Précisez" in page.content() or "préciser le montage" in page.content()
    assert axe_violations(page) == []

    structure = page.get_by_label("Structure porteuse")
    structure.fill("SCIC Les Toits Partagés")
    status = page.locator("[data-draft-status]")
    status.filter(has_text="Brouillon enregistré à").wait_for()
    response = FormResponse.objects.get(application=application)
    assert "SCIC Les Toits Partagés" in response.draft.values()

    # The session expires (signed out elsewhere); what is typed next stays in this browser.
    page.context.clear_cookies()
    summary = page.get_by_label("Le projet en quelques paragraphes")
    summary.fill("Réhabiliter l'ancienne minoterie du canal, écrit pendant la panne.")
    status.filter(has_text="session a expiré").wait_for()

    sign_in(page, "porteur.a@labo.test")
    page.goto(url)
    assert page.get_by_label("Le projet en quelques paragraphes").input_value() == (
        "Réhabiliter l'ancienne minoterie du canal, écrit pendant la panne."
    )
    assert "restaurée" in status.inner_text()

    # Sending with a required answer emptied: an error beside it, nothing lost.
    page.get_by_label("Structure porteuse").fill("")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.locator(".message--error").wait_for()
    assert (
        page.get_by_label("Le projet en quelques paragraphes")
        .input_value()
        .startswith("Réhabiliter l'ancienne minoterie")
    )
    page.get_by_label("Structure porteuse").fill("SCIC Les Toits Partagés")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_url(f"**/candidatures/{application.pk}/")
    assert "Vos réponses sont envoyées" in page.content()
    assert FormResponse.objects.get(application=application).state == FormState.SUBMITTED
    latest = FormSubmission.objects.filter(response__application=application).latest("version")
    assert "écrit pendant la panne" in " ".join(str(v) for v in latest.answers.values())
