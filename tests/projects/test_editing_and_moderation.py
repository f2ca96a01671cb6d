"""Front-end editing by the team: a new revision, submitted to "Relecture"; the public page
changes only when staff approve; the team sees the pending state and the reviewer's comment."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from projects.forms import ProjectProfileForm
from projects.models import ProjectMembership, ProjectPage, ProjectRole

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _project():
    return ProjectPage.objects.get(slug=SLUG)


def _post_data(project, **overrides):
    data = {
        key: ("" if value is None else value)
        for key, value in ProjectProfileForm.initial_from(project).items()
    }
    data["habitat_kinds"] = [kind.pk for kind in project.habitat_kinds.all()]
    data["seeking_households"] = "on" if project.seeking_households else ""
    if data.get("next_info_meeting"):
        data["next_info_meeting"] = project.next_info_meeting.strftime("%Y-%m-%dT%H:%M")
    data.update(
        {
            "jalons-TOTAL_FORMS": "0",
            "jalons-INITIAL_FORMS": "0",
            "galerie-TOTAL_FORMS": "1",
            "galerie-INITIAL_FORMS": "0",
            "galerie-0-image_id": str(project.gallery_images.first().image_id),
            "galerie-0-alt_text": "Dessin du projet",
        }
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v != "" or k.startswith(("jalons", "galerie"))}


def _png(name="photo.png"):
    buffer = BytesIO()
    Image.new("RGB", (320, 200), (30, 92, 58)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_edit_goes_to_moderation_and_goes_live_only_when_staff_approve(demo, client):
    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        f"/projets/{SLUG}/modifier/",
        _post_data(project, summary="Quatorze logements et un fournil partagé."),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = client.get(response["Location"]).content.decode()
    assert "Modifications en attente de validation" in preview
    assert "Quatorze logements et un fournil partagé." in preview

    client.logout()
    public = client.get(project.url).content.decode()
    assert "un fournil partagé" not in public
    assert "Quatorze logements en coopérative d&#x27;habitants" in public

    state = WorkflowState.objects.for_instance(project).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, demo["equipe@labo.test"], "approve")
    assert "un fournil partagé" in client.get(project.url).content.decode()


def test_the_reviewers_comment_on_an_approval_reaches_the_team(demo, client):
    from labo.notifications.models import Notification

    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/projets/{SLUG}/modifier/", _post_data(project, summary="Douze logements."))
    state = WorkflowState.objects.for_instance(project).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state, demo["equipe@labo.test"], "approve", comment="Publié ; ajoutez une photo ?"
    )
    notification = Notification.objects.filter(
        recipient=demo["porteur.a@labo.test"], kind="projects.moderation"
    ).latest("created_at")
    assert "sont publiées" in notification.title
    assert "Publié ; ajoutez une photo ?" in notification.body
    # And in « Mon espace », beside the project.
    html = client.get("/espace/").content.decode()
    assert "Publié ; ajoutez une photo ?" in html


def test_staff_sending_changes_back_shows_their_comment_to_the_team(demo, client):
    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/projets/{SLUG}/modifier/", _post_data(project, summary="Trop court."))
    state = WorkflowState.objects.for_instance(project).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state,
        demo["equipe@labo.test"],
        "reject",
        comment="Pouvez-vous préciser le nombre de logements ?",
    )
    html = client.get(f"/projets/{SLUG}/apercu/").content.decode()
    assert "équipe du Labo vous demande des changements" in html
    assert "Pouvez-vous préciser le nombre de logements ?" in html
    # Resubmitting resumes the same review.
    # (the form is opened again, on the version under review)
    client.post(
        f"/projets/{SLUG}/modifier/",
        _post_data(_project(), summary="Quatorze logements, une salle commune."),
    )
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_a_form_with_errors_keeps_everything_typed_and_the_uploaded_image(demo, client):
    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    images_before = get_image_model().objects.count()
    data = _post_data(
        project,
        summary="",
        shared_spaces="Un four à pain et un atelier vélo",
        **{"galerie-TOTAL_FORMS": "2", "galerie-1-alt_text": "Le four à pain"},
    )
    response = client.post(f"/projets/{SLUG}/modifier/", {**data, "galerie-1-upload": _png()})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_summary_error"' in html
    assert "Un four à pain et un atelier vélo" in html
    # The picture was kept: the form now carries its id, no need to send it again.
    assert get_image_model().objects.count() == images_before + 1
    stored = get_image_model().objects.latest("pk")
    assert f'name="galerie-1-image_id" value="{stored.pk}"' in html
    assert "Image enregistrée" in html
    assert not WorkflowState.objects.for_instance(project).filter(status="in_progress").exists()


def test_an_image_needs_its_alternative_text_and_a_renamed_file_is_refused(demo, client):
    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00\x03 renamed.exe", content_type="image/png")
    data = _post_data(project, **{"galerie-TOTAL_FORMS": "2"})
    html = client.post(
        f"/projets/{SLUG}/modifier/", {**data, "galerie-1-upload": fake}
    ).content.decode()
    assert "n&#x27;est pas une image lisible" in html
    html = client.post(
        f"/projets/{SLUG}/modifier/", {**data, "galerie-1-upload": _png()}
    ).content.decode()
    assert "Le texte alternatif est obligatoire" in html


def test_referencing_a_new_project_creates_a_draft_with_its_author_as_referent(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(member)
    response = client.post(
        "/projets/referencer/",
        {
            "title": "Le Clos des Possibles",
            "summary": "Dix logements autour d'un jardin.",
            "commune": "Albi (81)",
            "location_precision": "commune",
            "stage": "groupe",
            "households_now": "4",
            "legal_form": "saa",
            "jalons-TOTAL_FORMS": "1",
            "jalons-INITIAL_FORMS": "0",
            "jalons-0-stage": "groupe",
            "jalons-0-date": "2025-10-01",
            "galerie-TOTAL_FORMS": "1",
            "galerie-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = ProjectPage.objects.get(title="Le Clos des Possibles")
    assert not project.live
    assert project.departement == "81"
    assert ProjectMembership.objects.get(project=project).user == member
    assert ProjectMembership.objects.get(project=project).role == ProjectRole.REFERENT
    assert WorkflowState.objects.for_instance(project).get().status == "in_progress"
    client.logout()
    assert client.get("/projets/le-clos-des-possibles/").status_code == 404


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("porteur.b@labo.test", 403),  # the team of another project
        ("membre@labo.test", 403),
        ("partenaire@labo.test", 403),
        ("moderation@labo.test", 403),
        ("equipe@labo.test", 200),
        ("porteur.a@labo.test", 200),
    ],
)
def test_who_may_open_the_edit_form_and_the_preview(demo, client, email, status):
    client.force_login(demo[email])
    assert client.get(f"/projets/{SLUG}/modifier/").status_code == status
    assert client.get(f"/projets/{SLUG}/apercu/").status_code == status


def test_a_visitor_is_sent_to_login_and_cannot_post_an_edit(demo, client):
    project = _project()
    response = client.get(f"/projets/{SLUG}/modifier/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    response = client.post(f"/projets/{SLUG}/modifier/", _post_data(project, summary="Piraté"))
    assert response.status_code == 302
    assert _project().get_latest_revision_as_object().summary != "Piraté"


def test_another_team_cannot_post_an_edit(demo, client):
    project = _project()
    client.force_login(demo["porteur.b@labo.test"])
    response = client.post(f"/projets/{SLUG}/modifier/", _post_data(project, summary="Piraté"))
    assert response.status_code == 403
    assert _project().get_latest_revision_as_object().summary != "Piraté"


def test_the_team_is_notified_of_the_review_with_a_link_to_the_site_not_the_admin(
    demo, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from labo.notifications.models import Notification

    project = _project()
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/projets/{SLUG}/modifier/", _post_data(project, summary="Nouvelle version."))
    state = WorkflowState.objects.for_instance(project).get(status="in_progress")
    task_state = state.current_task_state
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(
            task_state, demo["equipe@labo.test"], "reject", comment="Ajoutez une photo du lieu."
        )
    notification = Notification.objects.get(
        recipient=demo["porteur.a@labo.test"], kind="projects.moderation"
    )
    assert "demande des changements" in notification.title
    assert notification.body == "Ajoutez une photo du lieu."
    assert notification.url == f"/projets/{SLUG}/apercu/"
    to_carrier = [m for m in mail.outbox if m.to == ["porteur.a@labo.test"]]
    assert len(to_carrier) == 1
    assert "/admin/" not in to_carrier[0].body


def test_confirming_the_profile_dates_it_through_moderation(demo, client):
    from django.utils import timezone

    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(f"/projets/{SLUG}/confirmer/")
    assert response.status_code == 302
    draft = _project().get_latest_revision_as_object()
    assert draft.last_confirmed_at == timezone.localdate()
    assert WorkflowState.objects.for_instance(_project()).get().status == "in_progress"
    client.force_login(demo["porteur.b@labo.test"])
    assert client.post(f"/projets/{SLUG}/confirmer/").status_code == 403


def test_two_carriers_editing_at_once_do_not_silently_overwrite_each_other(demo, client):
    project = _project()
    second = demo["referent.projet02@labo.test"]
    ProjectMembership.objects.create(project=project, user=second, role=ProjectRole.MEMBER)
    # Both open the form on the same version.
    first_form = _post_data(project, summary="Version de Camille : quatorze logements.")
    second_form = _post_data(project, summary="Version de l'autre porteur : un fournil.")

    client.force_login(demo["porteur.a@labo.test"])
    assert client.post(f"/projets/{SLUG}/modifier/", first_form).status_code == 302

    client.force_login(second)
    refused = client.post(f"/projets/{SLUG}/modifier/", second_form)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Camille Roux a enregistré une autre version de la fiche" in html
    assert "Version de l&#x27;autre porteur : un fournil." in html  # nothing typed is lost
    latest = _project().get_latest_revision_as_object()
    assert latest.summary == "Version de Camille : quatorze logements."

    # Submitting again, having been told, knowingly replaces the other version.
    rebased = re.search(r'name="base_revision" value="(\d+)"', html).group(1)
    assert int(rebased) == _project().latest_revision_id
    again = client.post(f"/projets/{SLUG}/modifier/", {**second_form, "base_revision": rebased})
    assert again.status_code == 302
    assert _project().get_latest_revision_as_object().summary.startswith("Version de l'autre")
