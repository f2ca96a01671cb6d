"""Members propose resources, reviewed in "Relecture"; every upload is checked from its
content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

from labo.notifications.models import Notification
from resources.models import ResourcePage, ResourceTheme

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"


def _propose(client, **overrides):
    data = {
        "title": "Guide du prêt bancaire collectif",
        "summary": "Comment présenter un projet collectif à sa banque.",
        "resource_type": "guide",
        "themes": [ResourceTheme.objects.get(slug="financement").pk],
        "file": SimpleUploadedFile("guide-pret.pdf", PDF),
    }
    data.update(overrides)
    return client.post("/ressources/proposer/", {k: v for k, v in data.items() if v is not None})


def _review(page, user, action, comment=""):
    state = WorkflowState.objects.for_instance(page).get(status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def test_two_demo_proposals_wait_for_review(demo):
    pending = [
        p
        for p in ResourcePage.objects.filter(live=False)
        if WorkflowState.objects.for_instance(p).filter(status="in_progress").exists()
    ]
    assert len(pending) == 2


def test_a_proposal_is_a_draft_until_staff_publish_it_then_the_proposer_is_told(
    demo, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["membre@labo.test"])
    assert _propose(client).status_code == 302
    page = ResourcePage.objects.get(title="Guide du prêt bancaire collectif")
    assert not page.live
    document = page.documents.get().document
    client.logout()
    assert (
        client.get(page.url or "/ressources/guide-du-pret-bancaire-collectif/").status_code == 404
    )
    assert client.get(document.url).status_code in (302, 403)  # staff-only collection

    with django_capture_on_commit_callbacks(execute=True):
        _review(page, demo["equipe@labo.test"], "approve")
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
    assert client.get(get_document_model().objects.get(pk=document.pk).url).status_code == 200
    assert Notification.objects.filter(
        recipient=demo["membre@labo.test"], title__contains="est publiée"
    ).exists()


def test_a_declined_proposal_tells_the_proposer_why(demo, client):
    client.force_login(demo["membre@labo.test"])
    _propose(client, title="Doublon", file=None, external_url="https://exemple.org/guide")
    page = ResourcePage.objects.get(title="Doublon")
    _review(page, demo["equipe@labo.test"], "reject", comment="Ce guide est déjà en ligne.")
    notification = Notification.objects.get(
        recipient=demo["membre@labo.test"], title__contains="pas été retenue"
    )
    assert notification.body == "Ce guide est déjà en ligne."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "doit correspondre"),
        ("page.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "doit correspondre"),
        ("notes.txt", b"<svg onload=alert(1)>", "doit correspondre"),
        ("outil.exe", b"MZ\x90\x00", "Formats acceptés"),
    ],
)
def test_disguised_files_are_refused_and_nothing_typed_is_lost(
    demo, client, name, content, message
):
    client.force_login(demo["membre@labo.test"])
    response = _propose(client, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Comment présenter un projet collectif à sa banque." in html
    assert not ResourcePage.objects.filter(title="Guide du prêt bancaire collectif").exists()


def test_an_oversized_file_is_refused_with_a_clear_message(demo, client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 16  # the test PDF is about 50 bytes
    client.force_login(demo["membre@labo.test"])
    response = _propose(client)
    assert "Ce fichier dépasse" in response.content.decode()


def test_a_proposal_needs_a_file_or_a_link(demo, client):
    client.force_login(demo["membre@labo.test"])
    response = _propose(client, file=None)
    assert "Joignez un fichier ou indiquez un lien." in response.content.decode()


def test_visitors_are_asked_to_sign_in_to_propose(demo, client):
    response = client.get("/ressources/proposer/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_the_admin_refuses_a_renamed_executable_as_a_document(demo, client):
    client.force_login(demo["equipe@labo.test"])
    before = get_document_model().objects.count()
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64),
        },
    )
    assert response.status_code == 200
    assert get_document_model().objects.count() == before
    assert "doit correspondre" in response.content.decode()
