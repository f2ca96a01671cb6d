"""The application page as each role reads it: the CRESS team's next step first, the
documents with their state, each message once, withdrawal apart at the bottom."""

import re

import pytest

from projects.applications import selectors
from projects.models import Application, ApplicationDocument

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _viure():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def _selected_option(html: str, select_id: str) -> str:
    select = html.split(f'id="{select_id}"')[1].split("</select>")[0]
    return re.search(r'<option value="(\d+)" selected', select).group(1)


def test_staff_see_the_next_stage_as_the_main_action_and_it_moves_there(demo, client):
    application = _viure()
    stages = list(application.round.programme.stages.order_by("sort_order"))
    following = next(
        stage
        for stage in stages
        if stage.sort_order > application.stage.sort_order and not stage.is_outcome
    )
    client.force_login(demo["equipe@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert f"Passer à l'étape suivante : {following.staff_name}" in html
    # The other moves are there too, the next stage already chosen: never a previous one.
    assert _selected_option(html, "move_stage") == str(following.pk)
    assert "Suivi de la candidature" in html

    response = client.post(
        f"/candidatures/{application.pk}/etape/",
        {"stage": following.pk, "confirm": "on", "note": "Entretien concluant."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == following


def test_the_team_withdraws_from_a_danger_zone_at_the_bottom(demo, client):
    application = _viure()
    client.force_login(demo["porteur.a@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Notre candidature" in html and "Mes candidatures" in html
    assert "Passer à l'étape suivante" not in html
    zone = html.index('class="danger-zone"')
    assert zone > html.index('id="timeline-title"') and zone > html.index('id="documents-title"')
    assert html.count(f'action="/candidatures/{application.pk}/etape/"') == 1


def test_a_partner_page_is_titled_for_them_without_an_empty_conversation(demo, client):
    partner = demo["partenaire@labo.test"]
    application = Application.objects.filter(shared_with__memberships__user=partner).first()
    application.messages.all().delete()
    client.force_login(partner)
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Candidature partagée avec votre organisation" in html
    assert "Notre candidature" not in html
    assert 'id="conversation"' not in html
    assert "danger-zone" not in html and "Passer à l'étape" not in html


def test_documents_say_where_they_stand(demo):
    application = _viure()
    items = {item["requirement"].name: item for item in selectors.document_states(application)}
    later = [
        i
        for i in items.values()
        if i["requirement"].stage.sort_order > application.stage.sort_order
    ]
    assert later and all(item["state"] == "non-requis" for item in later if not item["document"])
    reviewed = ApplicationDocument.objects.filter(application=application, review="accepte").first()
    if reviewed is not None:
        assert items[reviewed.required_document.name]["state"] == "valide"

    granted = Application.objects.filter(stage__is_positive_outcome=True).first()
    for item in selectors.document_states(granted):
        assert item["state"] in ("valide", "a-reprendre", "depose", "clos"), item
        assert item["state"] != "a-deposer"


def test_the_list_filter_groups_sessions_and_stages_by_programme(demo, client):
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/candidatures/").content.decode()
    select = html.split('name="etape"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert len(groups) == 2 and len(set(groups)) == 2
    # Each programme's stages together, in its order.
    viure = select.split(f'<optgroup label="{groups[0]}">')[1].split("</optgroup>")[0]
    # The entretien préalable comes before the application (migration 0018).
    assert viure.index("Entretien préalable") < viure.index("Candidature reçue")
    # Filtering still works by a stage's id.
    stage = Application.objects.filter(project__slug=SLUG).first().stage
    listed = client.get(f"/candidatures/?etape={stage.pk}").content.decode()
    assert "Les Toits Partagés du Lauragais" in listed
    other = Application.objects.exclude(stage=stage).exclude(project__slug=SLUG).first()
    assert other.project.title not in listed.split("<table")[1]
