import pytest
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from labo.core.models import StandardPage

pytestmark = pytest.mark.django_db


def _titles(client, url="/api/v2/pages/"):
    """Every title the endpoint lists, page after page (the API serves 50 at most)."""
    titles, offset = set(), 0
    while True:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}limit=50&offset={offset}")
        assert response.status_code == 200
        data = response.json()
        titles |= {item["title"] for item in data["items"]}
        offset += 50
        if offset >= data["meta"]["total_count"]:
            return titles


@pytest.mark.smoke
def test_api_lists_the_published_public_pages(demo, client):
    assert {"Accueil", "Le Labo", "Projets", "Ressources", "Agenda"} <= _titles(client)


def test_api_lists_no_draft_and_no_private_page(demo, client):
    home = Page.objects.get(slug="accueil")
    draft = StandardPage(title="Brouillon confidentiel", slug="brouillon", live=False)
    home.add_child(instance=draft)
    charte = Page.objects.get(slug="charte")
    PageViewRestriction.objects.create(page=charte, restriction_type="login")

    titles = _titles(client)
    assert "Brouillon confidentiel" not in titles
    assert "Charte" not in titles
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{charte.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{Page.objects.get(slug='le-labo').pk}/").status_code == 200


def test_api_lists_no_document_of_a_private_collection(demo, client):
    from django.core.files.base import ContentFile

    root = Collection.get_first_root_node()
    private = root.add_child(name="Documents internes")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(title="Guide public", file=ContentFile(b"guide", name="guide.txt"))
    Document.objects.create(
        title="Note interne", file=ContentFile(b"note", name="note.txt"), collection=private
    )

    titles = _titles(client, "/api/v2/documents/")
    assert "Guide public" in titles
    assert "Note interne" not in titles


def test_api_images_give_a_rendition_never_the_original(demo, client):
    listing = client.get("/api/v2/images/").json()
    assert listing["items"]
    for item in listing["items"]:
        assert "download_url" not in item["meta"]
    detail = client.get(f"/api/v2/images/{listing['items'][0]['id']}/").json()
    assert "download_url" not in detail["meta"]
    rendition_url = detail["rendition"]["url"]
    assert "/images/" in rendition_url and "original_images" not in rendition_url
    assert client.get(rendition_url).status_code == 200
