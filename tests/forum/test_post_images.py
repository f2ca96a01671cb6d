"""Pictures in forum posts: sent by members, re-encoded (upright, at most 1,600 px, WebP, no
metadata), within a size, pixel and daily limit, refused with a clear French reason; shown in
posts with their size reserved, while a picture from elsewhere shows its description only."""

from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from forum import images, services
from forum.markdown import render_markdown
from forum.models import PostImage
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db


def _jpeg_with_metadata(width=2400, height=1200) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Léa"  # Make
    exif[0x0112] = 6  # Orientation: taken upright, stored on its side
    exif[0x8825] = {1: "N", 2: (43.0, 36.0, 16.0)}  # GPS: where the picture was taken
    buffer = BytesIO()
    Image.new("RGB", (width, height), (30, 92, 58)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("visite.jpg", buffer.getvalue(), content_type="image/jpeg")


def _upload(client, uploaded):
    return client.post("/forum/images/", {"image": uploaded})


def test_a_picture_is_stored_upright_small_and_without_its_metadata(demo, client):
    client.force_login(demo["membre@labo.test"])
    response = _upload(client, _jpeg_with_metadata())
    assert response.status_code == 201
    data = response.json()
    image = PostImage.objects.get()
    assert data["url"] == image.file.url and data["markdown"].endswith(f"]({image.file.url})")
    with Image.open(image.file.path) as stored:
        # Turned upright (2,400 × 1,200 on its side), then 1,600 px on its longest side.
        assert stored.format == "WEBP" and stored.size == (800, 1600)
        assert dict(stored.getexif()) == {} and "exif" not in stored.info
    assert (image.width, image.height) == (800, 1600)
    # The address cannot be guessed, and names the size the post will reserve.
    assert image.file.name.endswith("_800x1600.webp") and len(image.file.name) > 40


@pytest.mark.parametrize(
    ("uploaded", "reason"),
    [
        (SimpleUploadedFile("a.png", b"MZ\x90 not a picture", "image/png"), "pas une image"),
        (SimpleUploadedFile("b.png", b"\x89PNG" + b"\0" * (9 * 1024 * 1024)), "dépasse 8 Mo"),
    ],
)
def test_what_is_not_a_picture_or_too_heavy_is_refused_in_french(demo, client, uploaded, reason):
    client.force_login(demo["membre@labo.test"])
    response = _upload(client, uploaded)
    assert response.status_code == 400 and reason in response.json()["error"]
    assert not PostImage.objects.exists()


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(demo, client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000 * 1000
    client.force_login(demo["membre@labo.test"])
    response = _upload(client, _jpeg_with_metadata(2000, 1000))
    assert response.status_code == 400 and not PostImage.objects.exists()


def test_the_daily_limit_holds(demo, client):
    member = demo["membre@labo.test"]
    PostImage.objects.bulk_create(
        [PostImage(uploaded_by=member, file="forum/x.webp") for _ in range(images.DAILY_LIMIT)]
    )
    client.force_login(member)
    response = _upload(client, _jpeg_with_metadata(200, 100))
    assert response.status_code == 400 and "réessayez demain" in response.json()["error"]


def test_visitors_cannot_send_pictures(demo):
    response = Client().post("/forum/images/", {"image": _jpeg_with_metadata(200, 100)})
    assert response.status_code == 403 and not PostImage.objects.exists()


def test_a_posted_picture_shows_with_its_size_and_a_foreign_one_as_its_description(demo, client):
    member = demo["membre@labo.test"]
    client.force_login(member)
    data = _upload(client, _jpeg_with_metadata(1200, 900)).json()
    url, width, height = data["url"], data["width"], data["height"]
    thread = make_thread(member, title="La visite du chantier")
    services.reply_create(
        thread=thread,
        user=member,
        text=f"![La charpente posée]({url})\n\n![un pixel espion](https://ailleurs.example/p.gif)",
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert (
        f'<img src="{url}" alt="La charpente posée" width="{width}" height="{height}" '
        'loading="lazy"' in html
    )
    # The text kept for « Citer » holds the Markdown; nothing is loaded from elsewhere.
    assert 'src="https://ailleurs.example' not in html and "<p>un pixel espion</p>" in html


@pytest.mark.parametrize(
    "text",
    [
        '![" onerror="alert(1)](/media/forum/abcdefghijklmnopqrst_10x10.webp)',
        '![x](/media/forum/abcdefghijklmnopqrst_10x10.webp" onerror="alert(1))',
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        '<img src="/media/forum/abcdefghijklmnopqrst_10x10.webp" onerror="alert(1)">',
        "![x](/media/forum/../avatars/abcdefghijklmnopqrst_10x10.webp)",
    ],
)
def test_hostile_pictures_run_nothing_and_load_nothing_foreign(text):
    elements = _elements(render_markdown(text))
    for tag, attributes in elements:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
    sources = [attributes["src"] for tag, attributes in elements if tag == "img"]
    assert all(src == "/media/forum/abcdefghijklmnopqrst_10x10.webp" for src in sources)


def _elements(html: str) -> list[tuple[str, dict]]:
    """Every element of the HTML with its attributes, as a browser would read them."""
    found = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Reader().feed(html)
    return found
