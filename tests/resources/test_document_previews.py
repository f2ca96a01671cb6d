"""The first page of a PDF shown on its download button: drawn in the background when the
file is uploaded, kept outside the public media, served only to those who may download the
file; a file that gives no page (damaged, not a PDF) simply shows none."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image
from wagtail.documents import get_document_model

from resources.choices import TextStatus
from resources.models import DocumentPreview, ResourceDocument, ResourcePage
from resources.previews import PreviewUnavailable, first_page_picture

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "modele-de-statuts-de-cooperative-dhabitants"
PUBLIC = "les-foncieres-solidaires-synthese"


def _pdf(text: str = "Première page", pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=28)
        pdf.cell(text=f"{text} {number + 1}")
    return bytes(pdf.output())


def _attach(slug: str, data: bytes, name: str, capture) -> ResourceDocument:
    with capture(execute=True):
        document = get_document_model()(title=f"Fichier {name}")
        document.file = ContentFile(data, name=name)
        document.save()
    return ResourceDocument.objects.create(
        page=ResourcePage.objects.get(slug=slug), document=document
    )


def test_the_first_page_is_drawn_as_a_small_webp():
    picture, width, height = first_page_picture(_pdf(pages=3))
    image = Image.open(io.BytesIO(picture))
    assert image.format == "WEBP" and image.size == (width, height) == (480, 678)
    # Drawn, not blank: the text left dark pixels.
    assert image.convert("L").getextrema()[0] < 100


@pytest.mark.parametrize("data", [b"%PDF-1.4 broken", b"", b"PK\x03\x04 a zip"])
def test_a_file_that_gives_no_page_is_refused(data):
    with pytest.raises(PreviewUnavailable):
        first_page_picture(data)


def test_an_uploaded_pdf_gets_its_preview_on_the_download_button(
    demo, client, django_capture_on_commit_callbacks
):
    attachment = _attach(
        PUBLIC, _pdf("Fiche foncière"), "fiche.pdf", django_capture_on_commit_callbacks
    )
    preview = DocumentPreview.objects.get(document=attachment.document)
    assert preview.status == TextStatus.OK and (preview.width, preview.height) == (480, 678)
    # Kept outside the public media: the file has no address of its own.
    assert "test-private" in preview.image.path
    html = client.get(attachment.page.url).content.decode()
    src = f"/ressources/{PUBLIC}/apercu/{attachment.pk}.webp"
    assert f'<img src="{src}" width="480" height="678" alt=""' in html
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (480, 678)


def test_a_deleted_document_takes_its_preview_with_it(demo, django_capture_on_commit_callbacks):
    attachment = _attach(
        PUBLIC, _pdf("Éphémère"), "ephemere.pdf", django_capture_on_commit_callbacks
    )
    path = DocumentPreview.objects.get(document=attachment.document).image.path
    assert os.path.exists(path)
    attachment.document.delete()
    assert not os.path.exists(path)
    assert not DocumentPreview.objects.filter(document_id=attachment.document_id).exists()


def test_a_members_only_resources_preview_is_theirs_alone(
    demo, client, django_capture_on_commit_callbacks
):
    attachment = _attach(
        MEMBERS_ONLY, _pdf("Statuts"), "statuts.pdf", django_capture_on_commit_callbacks
    )
    src = f"/ressources/{MEMBERS_ONLY}/apercu/{attachment.pk}.webp"
    assert Client().get(src).status_code == 404
    client.force_login(demo["membre@labo.test"])
    response = client.get(src)
    # Never kept by a shared cache (signed-in pages say no-store as well).
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    # A file of another resource is not reached through this one's address.
    other = _attach(PUBLIC, _pdf("Autre"), "autre.pdf", django_capture_on_commit_callbacks)
    assert client.get(f"/ressources/{MEMBERS_ONLY}/apercu/{other.pk}.webp").status_code == 404


def test_a_damaged_pdf_or_another_format_shows_no_preview(
    demo, client, django_capture_on_commit_callbacks
):
    broken = _attach(
        PUBLIC, b"%PDF-1.4 not really", "casse.pdf", django_capture_on_commit_callbacks
    )
    text = _attach(
        PUBLIC, b"Une note en texte brut.", "note.txt", django_capture_on_commit_callbacks
    )
    for attachment in (broken, text):
        preview = DocumentPreview.objects.get(document=attachment.document)
        assert preview.status == TextStatus.UNAVAILABLE and preview.reason and not preview.image
        assert client.get(f"/ressources/{PUBLIC}/apercu/{attachment.pk}.webp").status_code == 404
    html = client.get(broken.page.url).content.decode()
    assert f"/apercu/{broken.pk}.webp" not in html and "Fichier casse.pdf" in html


def test_the_demo_resources_show_the_first_page_of_their_files(demo, client):
    resource = ResourcePage.objects.live().public().filter(documents__isnull=False).first()
    html = client.get(resource.url).content.decode()
    assert f"/ressources/{resource.slug}/apercu/" in html


def test_resources_reindex_draws_the_previews_of_files_uploaded_before_them(demo):
    from django.core.management import call_command

    DocumentPreview.objects.all().delete()
    call_command("resources_reindex", verbosity=0)
    pdfs = ResourceDocument.objects.filter(document__file__endswith=".pdf")
    assert pdfs.exists()
    assert all(a.document.preview.shown for a in pdfs.select_related("document__preview"))


def test_a_preview_whose_file_was_lost_is_not_found_rather_than_an_error(
    demo, client, django_capture_on_commit_callbacks
):
    attachment = _attach(PUBLIC, _pdf("Perdue"), "perdue.pdf", django_capture_on_commit_callbacks)
    preview = DocumentPreview.objects.get(document=attachment.document)
    os.remove(preview.image.path)
    assert client.get(f"/ressources/{PUBLIC}/apercu/{attachment.pk}.webp").status_code == 404
