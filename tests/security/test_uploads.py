"""Hostile uploads: every form that takes a file refuses what is not what it claims to be, or
too big in bytes or in pixels, with a clear message; and files that must stay private are not
served by their address."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from labo.accounts.models import MemberProfile
from tests.figures import report
from tests.projects.test_editing_and_moderation import SLUG, _post_data, _project

pytestmark = pytest.mark.django_db

REFUSED = {"count": 0}


def refused() -> None:
    REFUSED["count"] += 1
    report("hostile uploads", f"{REFUSED['count']} tried on 3 forms, {REFUSED['count']} refused")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def _png(size=(320, 200), mode="RGB") -> bytes:
    buffer = BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


# A few kilobytes that would decode to 64 and 225 million pixels: the first is over the
# platform's 40 million limit, the second over Pillow's own decompression-bomb threshold.
BOMB = _png((8000, 8000), mode="1")
BIGGER_BOMB = _png((15000, 15000), mode="1")

HOSTILE_IMAGES = [
    ("photo.png", SVG, "n&#x27;est pas une image lisible"),
    ("photo.jpg", HTML, "n&#x27;est pas une image lisible"),
    ("photo.png", EXECUTABLE, "n&#x27;est pas une image lisible"),
    ("bombe.png", BOMB, "trop grande en dimensions"),
    ("bombe.png", BIGGER_BOMB, "trop grande en dimensions"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE_IMAGES)
def test_project_gallery_refuses_disguised_files_and_bombs(demo, client, name, content, message):
    client.force_login(demo["porteur.a@labo.test"])
    images_before = get_image_model().objects.count()
    data = _post_data(
        _project(),
        summary="Une phrase gardée malgré le refus.",
        **{"galerie-TOTAL_FORMS": "2", "galerie-1-alt_text": "Une photo"},
    )
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(f"/projets/{SLUG}/modifier/", {**data, "galerie-1-upload": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Une phrase gardée malgré le refus." in html
    assert get_image_model().objects.count() == images_before
    refused()


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE_IMAGES)
def test_profile_photo_refuses_disguised_files_and_bombs(demo, client, name, content, message):
    member = demo["membre@labo.test"]
    photo_before = MemberProfile.objects.get(user=member).avatar.name
    client.force_login(member)
    response = client.post(
        "/compte/profil/",
        {
            "display_name": "Léa Dupuy",
            "bio": "Je garde ce que j'ai écrit.",
            "visibility": "members",
            "email_frequency": "immediate",
            "avatar": SimpleUploadedFile(name, content, content_type="image/png"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert message in html
    assert "Je garde ce que j&#x27;ai écrit." in html
    # The photo she had stays.
    assert MemberProfile.objects.get(user=member).avatar.name == photo_before
    refused()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.png", SVG), ("photo.jpg", HTML), ("photo.png", EXECUTABLE), ("bombe.png", BOMB)],
)
def test_the_admin_refuses_disguised_images_and_bombs(demo, client, name, content):
    client.force_login(demo["equipe@labo.test"])
    before = get_image_model().objects.count()
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content, content_type="image/png")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == before
    refused()


def test_originals_and_documents_are_not_served_by_their_address_renditions_are(demo, client):
    image = get_image_model().objects.filter(file__startswith="original_images/").first()
    rendition = image.get_rendition("max-400x400")
    served = client.get(rendition.url)
    assert served.status_code == 200
    assert "sandbox" in served["Content-Security-Policy"]
    assert client.get(image.file.url).status_code == 404

    document = demo_document()
    assert client.get(document.file.url).status_code == 404  # only /documents/<id>/ serves it
    for path in ("/media/../labo.sqlite3", "/media/%2e%2e/labo.sqlite3", "/media/documents/"):
        assert client.get(path).status_code == 404, path


def demo_document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.exclude(file="").first()
