"""The decision (« détermination », issue 24 point 2): staff pick the outcome, start the message
from the programme's template, edit it and send it; the application moves, the carriers get
the message; nobody else may record one."""

import pytest

from projects.models import Application, ApplicationMessage, DecisionTemplate

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _viure_a():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def test_the_demo_selected_projects_received_their_decision_message(demo):
    selected = Application.objects.filter(
        round__programme__slug="aap-viure", stage__is_positive_outcome=True
    )
    assert selected.count() == 3
    for application in selected:
        assert ApplicationMessage.objects.filter(
            application=application,
            text__contains=f"le projet {application.project.title} est retenu",
        ).exists()


def test_staff_record_a_decision_from_a_template(demo, client):
    application = _viure_a()
    template = DecisionTemplate.objects.get(programme__slug="aap-viure", name="Projet retenu")
    client.force_login(demo["equipe@labo.test"])
    url = f"/candidatures/{application.pk}/decision/"
    page = client.get(url, {"modele": template.pk}).content.decode()
    assert "le projet Les Toits Partagés du Lauragais est retenu" in page
    # Bad input: the confirmation missing, nothing lost, no move.
    response = client.post(url, {"outcome": template.outcome_id, "message": "Bravo !"})
    assert response.status_code == 400 and "Bravo !" in response.content.decode()
    application.refresh_from_db()
    assert application.is_open
    response = client.post(
        url,
        {
            "outcome": template.outcome_id,
            "message": "Bravo au collectif, le projet est retenu.",
            "amount_granted": "120000",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == template.outcome and not application.is_open
    assert application.amount_granted == 120000
    assert ApplicationMessage.objects.filter(
        application=application, text="Bravo au collectif, le projet est retenu."
    ).exists()
    client.force_login(demo["porteur.a@labo.test"])
    assert "Bravo au collectif" in client.get(f"/candidatures/{application.pk}/").content.decode()


def test_nobody_but_staff_records_a_decision(demo, client):
    application = _viure_a()
    url = f"/candidatures/{application.pk}/decision/"
    for who in ("porteur.a@labo.test", "jury@labo.test"):
        client.force_login(demo[who])
        assert client.get(url).status_code == 403
        assert client.post(url, {"outcome": 1, "message": "x", "confirm": "on"}).status_code == 403
    client.force_login(demo["membre@labo.test"])
    assert client.get(url).status_code == 404
