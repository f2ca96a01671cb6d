"""The application form (issue 24, point 1): the carriers' draft keeps anything typed, the
questions' rules apply on sending, versions are kept and compared, staff send answers back,
answers reach the application page and the exports but never the search; and who must not
read or write them cannot."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.applications import questionnaire
from projects.models import (
    Application,
    ApplicationEvent,
    ApplicationForm,
    EventKind,
    FormResponse,
    FormState,
    FormSubmission,
    ViureScore,
)

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _viure():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def _form():
    return ApplicationForm.objects.get(programme__slug="aap-viure")


def _questions():
    return {question.label: question for question in questionnaire.questions_of(_form())}


def _url(application):
    return f"/candidatures/{application.pk}/formulaire/"


def _complete_answers() -> dict:
    q = _questions()
    data = {
        q["Structure porteuse"].name: "SCIC Les Toits",
        q["Commune du bâtiment"].name: "Castelnaudary",
        q["Forme d'habitat"].name: "Habitat participatif",
        q["Logements prévus"].name: "12",
        q["Le projet en quelques paragraphes"].name: "Réhabiliter l'ancienne minoterie.",
        q["Coût total de l'opération"].name: "950000",
        q["Subvention demandée à la Région"].name: "150000,50",
        q["Début des travaux envisagé"].name: "2027-03-01",
        q["Autres financements sollicités"].name: ["Prêt bancaire"],
    }
    viure = q["Auto-évaluation VIURE"]
    for n, code in enumerate(("vivant", "inclusif", "utopique", "resilient", "esthetique")):
        level, text = viure.criterion_names(code)
        data[level], data[text] = str(n), f"Pour {code}."
    return data


def _reopened(application):
    FormResponse.objects.filter(application=application).update(state=FormState.REVISION)


def test_the_demo_call_has_its_form_and_every_application_sent_it(demo):
    application_form = _form()
    assert application_form.title == "Dossier de candidature VIURE 2025"
    applications = Application.objects.filter(round__programme__slug="aap-viure")
    assert applications.count() == 18
    # Every application that went past its entretien préalable (two stopped there).
    assert application_form.from_stage.staff_name == "Candidature reçue"
    assert (
        FormSubmission.objects.filter(response__form=application_form)
        .values("response__application")
        .distinct()
        .count()
        == 16
    )
    assert FormResponse.objects.get(application=_viure()).state == FormState.REVISION


def test_a_draft_keeps_what_was_typed_even_when_it_would_not_pass(demo, client):
    application = _viure()
    q = _questions()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        _url(application),
        {
            "action": "brouillon",
            q["Logements prévus"].name: "douze logements",
            q["Structure porteuse"].name: "",
        },
    )
    assert response.status_code == 302
    draft = FormResponse.objects.get(application=application).draft
    assert draft[q["Logements prévus"].name] == "douze logements"
    html = client.get(_url(application)).content.decode()
    assert 'value="douze logements"' in html
    assert "Brouillon enregistré le" in html


def test_sending_checks_the_rules_and_loses_nothing(demo, client):
    application = _viure()
    q = _questions()
    client.force_login(demo["porteur.a@labo.test"])
    data = _complete_answers()
    data[q["Structure porteuse"].name] = ""
    data[q["Logements prévus"].name] = "douze"
    data[q["Commune du bâtiment"].name] = "Bordeaux"
    response = client.post(_url(application), {**data, "action": "envoyer"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Certaines réponses sont à compléter ou à corriger" in html
    assert "Champ requis" in html
    assert "Saisissez un nombre entier" in html
    assert "n&#x27;est pas une commune d&#x27;Occitanie" in html or "pas une commune" in html
    assert 'value="douze"' in html  # as typed
    assert FormResponse.objects.get(application=application).state == FormState.REVISION
    assert not FormSubmission.objects.filter(response__application=application, version=2).exists()


def test_sending_makes_a_version_the_self_assessment_and_a_timeline_entry(demo, client):
    application = _viure()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(_url(application), {**_complete_answers(), "action": "envoyer"})
    assert response.status_code == 302
    assert response["Location"] == f"/candidatures/{application.pk}/"
    submission = FormSubmission.objects.get(response__application=application, version=2)
    q = _questions()
    assert submission.answers[q["Logements prévus"].id] == 12
    assert submission.answers[q["Subvention demandée à la Région"].id] == "150000.50"
    assert submission.answers[q["Commune du bâtiment"].id].startswith("Castelnaudary")
    assert submission.answers[q["Début des travaux envisagé"].id] == "2027-03-01"
    assert FormResponse.objects.get(application=application).state == FormState.SUBMITTED
    score = ViureScore.objects.get(application=application, criterion="esthetique")
    assert (score.self_level, score.self_text) == (4, "Pour esthetique.")
    assert ApplicationEvent.objects.filter(
        application=application, kind=EventKind.FORM, text__contains="version 2"
    ).exists()
    # Sent: the form is now read, not written; a second POST changes nothing.
    html = client.get(_url(application)).content.decode()
    assert "Version 2, envoyée le" in html and "Envoyer mes réponses" not in html
    again = client.post(_url(application), {**_complete_answers(), "action": "envoyer"})
    assert again.status_code == 302
    assert FormSubmission.objects.filter(response__application=application).count() == 2


def test_staff_send_back_then_compare_two_versions(demo, client):
    application = _viure()
    FormResponse.objects.filter(application=application).update(state=FormState.SUBMITTED)
    client.force_login(demo["equipe@labo.test"])
    application_form = _form()
    response = client.post(
        f"/candidatures/{application.pk}/formulaire/{application_form.pk}/revision/",
        {"message": "Précisez le nombre de logements."},
    )
    assert response.status_code == 302
    state = FormResponse.objects.get(application=application)
    assert state.state == FormState.REVISION
    assert state.revision_message == "Précisez le nombre de logements."

    client.force_login(demo["porteur.a@labo.test"])
    assert "Précisez le nombre de logements." in client.get(_url(application)).content.decode()
    client.post(_url(application), {**_complete_answers(), "action": "envoyer"})

    client.force_login(demo["equipe@labo.test"])
    html = client.get(
        f"/candidatures/{application.pk}/formulaire/{application_form.pk}/versions/"
    ).content.decode()
    assert "Version 1 et version 2" in html
    assert html.count("compare__changed") >= 3
    assert "12 logements" in html


def test_the_application_page_and_the_exports_carry_the_answers(demo, client):
    application = Application.objects.get(
        project__slug="la-maison-des-quatre-saisons", round__programme__slug="aap-viure"
    )
    client.force_login(demo["equipe@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Dossier de candidature VIURE 2025" in page and "Lire les réponses" in page
    export = client.get("/candidatures/export.csv?programme=aap-viure")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    header = rows[0]
    column = header.index("Dossier de candidature VIURE 2025 : Commune du bâtiment")
    row = next(row for row in rows if row[0] == application.project.title)
    assert row[column] == "Albi (81)"
    xlsx = client.get("/candidatures/export.xlsx")
    assert xlsx.status_code == 200 and len(xlsx.content) > 1000


def test_the_search_never_shows_answers(demo, client):
    application = _viure()
    q = _questions()
    client.force_login(demo["porteur.a@labo.test"])
    data = _complete_answers()
    data[q["Le projet en quelques paragraphes"].name] = "Zyglotrophe confidentiel."
    client.post(_url(application), {**data, "action": "envoyer"})
    for who in ("porteur.a@labo.test", "equipe@labo.test"):
        client.force_login(demo[who])
        html = client.get("/recherche/?q=Zyglotrophe").content.decode()
        assert "Zyglotrophe confidentiel" not in html


def test_autosave_answers_in_json_and_a_refused_file_keeps_the_text(demo, client):
    application = _viure()
    q = _questions()
    client.force_login(demo["porteur.a@labo.test"])
    plan = next(q for q in questionnaire.questions_of(_form()) if q.kind == "file")
    response = client.post(
        _url(application),
        {
            q["Structure porteuse"].name: "Typed before the file",
            plan.name: SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>", "application/pdf"),
        },
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][plan.name] and body["required"] == 8
    assert (
        FormResponse.objects.get(application=application).draft[q["Structure porteuse"].name]
        == "Typed before the file"
    )
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    saved = client.post(_url(application), {plan.name: pdf}, headers={"X-Requested-With": "fetch"})
    assert saved.status_code == 200 and saved.json()["files"][plan.id] == "plan.pdf"


# Who must not ----------------------------------------------------------------------------------


def test_people_outside_the_application_never_see_the_form(demo, client):
    application = _viure()
    assert client.get(_url(application)).status_code == 302  # to the login
    for who in ("membre@labo.test", "porteur.b@labo.test"):
        client.force_login(demo[who])
        assert client.get(_url(application)).status_code == 404
        assert client.post(_url(application), {"action": "brouillon"}).status_code == 404


def test_only_the_team_writes_and_only_staff_send_back(demo, client):
    application = _viure()
    application_form = _form()
    revision = f"/candidatures/{application.pk}/formulaire/{application_form.pk}/revision/"
    client.force_login(demo["equipe@labo.test"])
    assert client.get(_url(application)).status_code == 200
    assert client.post(_url(application), {"action": "brouillon"}).status_code == 403
    client.force_login(demo["porteur.a@labo.test"])
    assert client.post(revision, {"message": "x"}).status_code == 403


def test_a_partner_reads_what_is_shared_and_writes_nothing(demo, client):
    partner = demo["partenaire@labo.test"]
    shared = Application.objects.filter(
        shared_with__memberships__user=partner, round__programme__slug="aap-viure"
    ).first()
    client.force_login(partner)
    html = client.get(_url(shared)).content.decode()
    assert "Version 1, envoyée le" in html
    assert client.post(_url(shared), {"action": "brouillon"}).status_code == 403
    assert client.get(_url(_viure())).status_code == 404  # not shared with them


def test_the_team_reads_what_happens_at_their_stage(demo, client):
    application = _viure()
    client.force_login(demo["porteur.a@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Et maintenant ?" in page and "entretien préalable" in page.lower()
    client.force_login(demo["equipe@labo.test"])
    assert "Et maintenant ?" not in client.get(f"/candidatures/{application.pk}/").content.decode()


def test_a_week_before_the_session_closes_the_team_is_reminded_of_an_unsent_form(demo):
    from datetime import timedelta

    from django.utils import timezone

    from labo.notifications.models import Notification
    from projects.applications.services import application_reminders_send
    from projects.models import RoundStatus

    application = _viure()
    today = timezone.localdate()
    round_ = application.round
    round_.status, round_.closes_on = RoundStatus.OPEN, today + timedelta(days=7)
    round_.save()
    application_reminders_send(today=today)
    reminder = Notification.objects.get(
        recipient=demo["porteur.a@labo.test"], kind="applications.missing_documents"
    )
    assert "le formulaire « Dossier de candidature VIURE 2025 »" in reminder.body


def test_a_save_from_a_second_tab_after_sending_is_refused_without_an_error_page(demo, client):
    application = _viure()
    FormResponse.objects.filter(application=application).update(state=FormState.SUBMITTED)
    from projects.applications import form_services

    client.force_login(demo["porteur.a@labo.test"])
    # The page's own check stops an ordinary post; the service refuses one that races past it.
    with pytest.raises(ValidationError):
        form_services.form_draft_save(
            application=application,
            application_form=_form(),
            by=demo["porteur.a@labo.test"],
            data={},
        )
    response = client.post(
        _url(application), {"action": "brouillon"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 302  # to the answers as sent, with a message


def test_a_nul_character_typed_or_sent_is_dropped_not_an_error(demo, client):
    application = _viure()
    q = _questions()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        _url(application), {"action": "brouillon", q["Structure porteuse"].name: "SCIC\x00 Toits"}
    )
    assert response.status_code == 302
    draft = FormResponse.objects.get(application=application).draft
    assert draft[q["Structure porteuse"].name] == "SCIC Toits"
