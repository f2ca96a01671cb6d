"""The resource library: facets, members-only resources, text extraction and search inside
files, download counting, feed."""

import re
from io import BytesIO

import pytest
from defusedxml import ElementTree as ET
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model

from resources.choices import TextStatus
from resources.document_texts import document_text_extract
from resources.extraction import TextUnavailable, extract_text
from resources.models import DocumentText, ResourceDocument, ResourceDownloadDay, ResourcePage
from tests.caches import NO_CACHES

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "modele-de-statuts-de-cooperative-dhabitants"
PUBLIC = "les-foncieres-solidaires-synthese"


def _titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def _count(html):
    return int(re.search(r'id="results-title">(\d+) ressources?', html).group(1))


@pytest.mark.smoke
def test_the_library_lists_public_resources_to_visitors_and_all_to_members(demo, client):
    assert _count(client.get("/ressources/").content.decode()) == 35
    client.force_login(demo["membre@labo.test"])
    assert _count(client.get("/ressources/").content.decode()) == 40


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "foncier"}, 6),
        ({"type": "etude"}, 5),
        ({"annee": "2025"}, 12),
        ({"etape": "travaux"}, 7),
        ({"theme": "financement", "type": "guide"}, 2),
    ],
)
def test_facets_filter_and_count(demo, client, params, expected):
    client.force_login(demo["membre@labo.test"])
    html = client.get("/ressources/", params).content.decode()
    assert _count(html) == expected


def test_counts_per_value_follow_the_other_filters(demo, client):
    client.force_login(demo["membre@labo.test"])
    html = client.get("/ressources/", {"type": "etude"}).content.decode()
    assert re.search(r'<option value="foncier">Foncier \(\d+\)</option>', html)
    assert '<option value="etude" selected>Étude (5)</option>' in html


def test_bad_filter_values_are_ignored_with_a_message(demo, client):
    response = client.get("/ressources/", {"annee": "abc", "type": "<b>", "page": "x"})
    assert response.status_code == 200
    assert "ont pas été compris" in response.content.decode()


def test_a_word_only_inside_a_pdf_finds_the_resource(demo, client):
    assert (
        DocumentText.objects.get(document__title="Les foncières solidaires : synthèse").status
        == TextStatus.OK
    )
    html = client.get("/ressources/", {"q": "emphyteotique"}).content.decode()
    assert _titles(html) == ["Les foncières solidaires : synthèse"]
    results = client.get("/recherche/", {"q": "emphyteotique"}).content.decode()
    assert "Les foncières solidaires" in results


def test_members_only_resource_shows_a_teaser_to_visitors_and_the_body_to_members(demo, client):
    html = client.get(f"/ressources/{MEMBERS_ONLY}/").content.decode()
    assert "Cette ressource est réservée aux membres du Labo" in html
    assert "Pourquoi la lire" not in html and "telecharger" not in html
    client.force_login(demo["membre@labo.test"])
    html = client.get(f"/ressources/{MEMBERS_ONLY}/").content.decode()
    assert "Pourquoi la lire" in html and "telecharger" in html


def test_members_only_resource_is_hidden_from_visitors_everywhere(demo, client):
    title = "Modèle de statuts de coopérative"
    for url in (
        "/ressources/",
        "/ressources/?q=agrement",
        "/recherche/?q=statuts",
        "/ressources/flux.atom",
        "/sitemap.xml",
        "/api/v2/pages/?type=resources.ResourcePage&limit=50&offset=0",
        "/api/v2/pages/?type=resources.ResourcePage&limit=50&offset=50",
    ):
        body = client.get(url).content.decode().replace("&#x27;", "'")
        assert title not in body, url
    resource = ResourcePage.objects.get(slug=MEMBERS_ONLY)
    document = resource.documents.get().document
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    # The file itself: Wagtail's document view honours the collection's privacy.
    response = client.get(document.url)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    response = client.get(f"/ressources/{MEMBERS_ONLY}/telecharger/{resource.documents.get().pk}/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_downloads_are_counted_but_not_for_robots(demo, client):
    attachment = ResourceDocument.objects.get(page__slug=PUBLIC)
    url = f"/ressources/{PUBLIC}/telecharger/{attachment.pk}/"
    response = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) Firefox/140.0")
    assert response.status_code == 302 and response["Location"] == attachment.document.url
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get(url, HTTP_USER_AGENT="")
    attachment.refresh_from_db()
    assert attachment.download_count == 1
    assert ResourcePage.objects.get(slug=PUBLIC).download_count == 1
    # The day's count, for the activity report: a number, nobody's download.
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (Macintosh) Safari/605.1")
    days = ResourceDownloadDay.objects.filter(resource__slug=PUBLIC)
    assert list(days.values_list("day", "count")) == [(timezone.localdate(), 2)]


def test_download_counts_are_shown_to_staff_only_and_sort_the_list(demo, client):
    attachment = ResourceDocument.objects.get(page__slug=PUBLIC)
    for _ in range(3):
        client.get(
            f"/ressources/{PUBLIC}/telecharger/{attachment.pk}/", HTTP_USER_AGENT="Mozilla/5.0"
        )
    assert "téléchargement" not in client.get(f"/ressources/{PUBLIC}/").content.decode()
    client.force_login(demo["equipe@labo.test"])
    assert "3 téléchargements au total" in client.get(f"/ressources/{PUBLIC}/").content.decode()
    html = client.get("/ressources/", {"tri": "telechargements"}).content.decode()
    assert _titles(html)[0] == "Les foncières solidaires : synthèse"


def test_atom_feed_of_new_public_resources(demo, client):
    feed = ET.fromstring(client.get("/ressources/flux.atom").content)
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 35


def _docx_bytes(text):
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt_bytes(text):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(text):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("extension", "make"),
    [
        ("pdf", _pdf_bytes),
        ("docx", _docx_bytes),
        ("odt", _odt_bytes),
        ("txt", lambda t: t.encode()),
    ],
)
def test_text_is_extracted_from_each_format(extension, make):
    assert "zygomorphe" in extract_text(make("Une fleur zygomorphe au jardin"), extension)


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (b"%PDF-1.4 broken", "pdf"),
        (b"not a zip", "docx"),
        (b"not a zip", "odt"),
        (b"MZ\x90", "exe"),
    ],
)
def test_broken_or_unknown_files_give_text_unavailable(data, extension):
    with pytest.raises(TextUnavailable):
        extract_text(data, extension)


def test_an_uploaded_document_is_extracted_in_the_background_and_indexed(
    demo, django_capture_on_commit_callbacks
):
    Document = get_document_model()
    resource = ResourcePage.objects.get(slug=PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        document = Document(title="Annexe")
        document.file = ContentFile(
            _pdf_bytes("Annexe sur le bail emphyteotique quinquennal"), name="annexe.pdf"
        )
        document.save()
    assert DocumentText.objects.get(document=document).status == TextStatus.OK
    ResourceDocument.objects.create(page=resource, document=document)
    document_text_extract(document_id=document.pk)
    results = ResourcePage.objects.live().public().search("quinquennal")
    assert [r.title for r in results] == [resource.title]


def test_a_broken_upload_is_recorded_as_text_unavailable_without_failing(
    demo, django_capture_on_commit_callbacks
):
    Document = get_document_model()
    with django_capture_on_commit_callbacks(execute=True):
        document = Document(title="Cassé")
        document.file = ContentFile(b"%PDF-1.4 this is not really a pdf", name="casse.pdf")
        document.save()
    record = DocumentText.objects.get(document=document)
    assert record.status == TextStatus.UNAVAILABLE and record.reason


# With every cache empty: a kept count or list would hide a query that grows with the items,
# and the staff's kept facets turn over every five minutes (their download counts), which made
# the two measures differ when a boundary fell between them.
@override_settings(CACHES=NO_CACHES)
def test_the_same_number_of_queries_for_5_and_40_resources(
    demo, client, django_assert_max_num_queries
):
    client.force_login(demo["equipe@labo.test"])
    client.get("/ressources/")
    with django_assert_max_num_queries(50) as many:
        client.get("/ressources/")
    for resource in ResourcePage.objects.all()[5:]:
        resource.unpublish()
    client.get("/ressources/")
    with django_assert_max_num_queries(50) as few:
        client.get("/ressources/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_resources_reindex_extracts_every_attached_file_again(demo):
    from django.core.management import call_command

    DocumentText.objects.update(status=TextStatus.PENDING, text="")
    call_command("resources_reindex", verbosity=0)
    assert DocumentText.objects.filter(status=TextStatus.OK).count() == 32
    assert ResourcePage.objects.live().public().search("emphyteotique").count() == 1


@pytest.mark.parametrize("who", [None, "membre@labo.test"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "guide"},
        {"annee": "2024", "public": "porteurs"},
        {"theme": "foncier", "type": "fiche-pratique"},
        {"q": "coopérative", "annee": "2025"},
        {"etape": "groupe", "type": "modele", "annee": "2023"},
    ],
)
def test_facet_counts_from_one_grouped_query_equal_counting_each_facet_apart(demo, who, params):
    """Type, audience and year come from one GROUP BY: each count is still what the library
    would list with that value chosen, for visitors and members alike."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from labo.facets import value_counts
    from resources.selectors import ResourceFilters, filter_resources, resource_facets

    user = demo[who] if who else AnonymousUser()
    query = QueryDict(mutable=True)
    query.update(params)
    filters = ResourceFilters.from_querydict(query)
    facets = resource_facets(user, filters)
    for name, field in [("type", "resource_type"), ("public", "audience")]:
        apart = value_counts(filter_resources(user, filters, exclude=name), field)
        shown = {option["value"]: option["count"] for option in facets[name] if option["count"]}
        assert shown == {value: n for value, n in apart.items() if n and value}, name
    years = value_counts(filter_resources(user, filters, exclude="annee"), "year")
    assert {option["value"]: option["count"] for option in facets["annee"]} == {
        year: n for year, n in years.items() if year
    }
    assert facets["total"] == filter_resources(user, filters).count()
