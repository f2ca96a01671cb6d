"""/rapport/: who may see it, the demo's 2025 figures against the CRESS report, the exports
(read back with pypdf, python-docx, odfpy and csv) and the narratives."""

import csv
import io
import re
import zipfile

import pytest
from django.utils import timezone
from docx import Document
from odf import teletype
from odf.opendocument import load
from odf.text import P
from pypdf import PdfReader

from labo.accounts.models import User
from labo.reports.models import ExportStatus, ReportExport, ReportNarrative
from labo.reports.period import Period
from labo.reports.selectors import report_for

OUTSIDERS = ["membre@labo.test", "porteur.a@labo.test", "partenaire@labo.test",
             "moderation@labo.test", "jury@labo.test"]  # fmt: skip


def _export(client, django_capture_on_commit_callbacks, format: str) -> bytes:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/rapport/2025/", {"action": "exporter", "format": format})
    assert response.status_code == 302 and response["Location"].endswith("/rapport/2025/#exports")
    export = ReportExport.objects.filter(format=format).latest("requested_at")
    assert export.status == ExportStatus.DONE and export.progress == 100
    download = client.get(f"/rapport/exports/{export.pk}/telecharger/")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'rapport-activite-labo-2025.{format}"')
    assert "no-store" in download["Cache-Control"]
    return b"".join(download.streaming_content)


def _people(demo) -> list[str]:
    """What would name a person: every account's name and address."""
    return [text for user in User.objects.all() for text in (user.display_name, user.email) if text]


def _no_person_in(text: str, demo) -> None:
    named = [person for person in _people(demo) if person in text]
    assert named == []


@pytest.mark.parametrize("email", OUTSIDERS)
def test_only_the_team_sees_the_report_and_its_files(demo, client, email):
    export = ReportExport.objects.create(starts_on="2025-01-01", ends_on="2025-12-31", format="csv")
    client.force_login(demo[email])
    for url in (
        "/rapport/",
        "/rapport/2025/",
        "/rapport/periode/?du=2025-01-01&au=2025-03-31",
        f"/rapport/exports/{export.pk}/",
        f"/rapport/exports/{export.pk}/telecharger/",
    ):
        assert client.get(url).status_code == 403, url  # fmt: skip
    response = client.post("/rapport/2025/", {"action": "exporter", "format": "pdf"})
    assert response.status_code == 403
    response = client.post("/rapport/2025/", {"action": "enregistrer", "section": "forum",
                                              "forum-texte": "Pirate"})  # fmt: skip
    assert response.status_code == 403
    assert not ReportNarrative.objects.filter(text="Pirate").exists()
    assert ReportExport.objects.count() == 1
    assert "/rapport/" not in client.get("/espace/").content.decode()


def test_a_visitor_is_asked_to_sign_in(demo, client):
    response = client.get("/rapport/2025/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_the_demo_2025_report_gives_the_figures_of_the_cress_report(demo, client):
    """Rapport d'activité 2025 of the CRESS Occitanie: the launch (more than 100 participants),
    VIURE (18 entretiens préalables, 11 pré-auditions, 3 agoras, 3 projects retained), the
    loan guarantee (5 carriers put in contact, 1 guarantee)."""
    report = report_for(Period.year(2025), with_charts=False)
    figures = {f.name: f.value for s in report.sections for f in s.content.figures}
    tables = {t.table.name: t.table for s in report.sections for t in s.tables}
    assert figures["aap_viure_entretiens_prealables"] == 18
    assert figures["aap_viure_pre_auditions"] == 11
    assert figures["aap_viure_agoras"] == 3
    assert figures["aap_viure_issues_favorables"] == 3
    assert len(tables["aap-viure-retenus"].rows) == 3
    guarantee = {row[0]: row[1] for row in tables["garantie-emprunt-etapes"].rows}
    assert guarantee["Mise en relation avec les services régionaux"] == 5
    assert guarantee["Garantie accordée"] == 1
    assert figures["garantie_emprunt_issues_favorables"] == 1
    launch = tables["evenements-plus-grands"].rows[0]
    assert launch[0].startswith("Lancement du Labo de l'habitat des communs (16/09/2025)")
    assert launch[1] > 100

    client.force_login(demo["equipe@labo.test"])
    last_year = timezone.localdate().year - 1
    assert client.get("/rapport/").headers["Location"].endswith(f"/rapport/{last_year}/")
    html = client.get("/rapport/2025/").content.decode()
    assert '<td class="report__value" data-figure="aap_viure_entretiens_prealables">18</td>' in html
    assert '<td class="report__value" data-figure="aap_viure_pre_auditions">11</td>' in html
    assert "18 porteurs de projets ont eu un entretien préalable" in html  # the demo's narrative
    assert html.count("<svg") >= 8  # bars, funnels and maps
    assert 'class="map-shade-' in html and 'class="funnel"' in html
    months = html.split('id="membres-mois"')[1].split("</svg>")[0]
    # Coordinates keep their decimal point in French: SVG reads « 26,7 » as a list of two.
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" '
                     r'class="chart__bar--0">', months)  # fmt: skip
    assert ">sept.</text>" in months and ">36</text>" in months  # the launch's month
    assert "Rapport d&#x27;activité" in client.get("/espace/").content.decode()


def test_the_exports_carry_the_figures_the_narratives_and_no_person(
    demo, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["equipe@labo.test"])
    narrative = "Une année de lancement, racontée par l'équipe."
    client.post("/rapport/2025/", {"action": "enregistrer", "section": "forum",
                                   "forum-texte": narrative})  # fmt: skip

    pdf = _export(client, django_capture_on_commit_callbacks, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 8
    for expected in ("Rapport d'activité 2025", "Entretien préalable", "Pré-audition",
                     "Agora avec les services de la Région", "Casa Comuna", narrative,
                     "Mise en relation avec les services régionaux", "Définitions"):  # fmt: skip
        assert expected in text, expected
    _no_person_in(text, demo)

    docx = Document(io.BytesIO(_export(client, django_capture_on_commit_callbacks, "docx")))
    paragraphs = "\n".join(paragraph.text for paragraph in docx.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in docx.tables for row in table.rows]
    assert narrative in paragraphs and "Appels à projets et garanties" in paragraphs
    assert ["Entretien préalable", "18", "0", "+18"] in cells
    assert ["Pré-audition", "11", "0", "+11"] in cells
    assert len(docx.inline_shapes) >= 8  # the charts
    _no_person_in(paragraphs + str(cells), demo)

    odt_bytes = _export(client, django_capture_on_commit_callbacks, "odt")
    odt = load(io.BytesIO(odt_bytes))
    odt_text = "\n".join(teletype.extractText(p) for p in odt.getElementsByType(P))
    assert narrative in odt_text and "Agora avec les services de la Région" in odt_text
    assert any(
        name.startswith("Pictures/") for name in zipfile.ZipFile(io.BytesIO(odt_bytes)).namelist()
    )
    _no_person_in(odt_text, demo)

    rows = list(
        csv.reader(
            io.StringIO(
                _export(client, django_capture_on_commit_callbacks, "csv").decode("utf-8-sig")
            )
        )
    )
    header, rows = rows[0], rows[1:]
    assert header[:5] == ["Section", "Indicateur", "Ligne", "Période", "Valeur"]
    by_label = {row[1]: row for row in rows if not row[2]}
    interviews = by_label["AAP VIURE – Nouvelles formes d'habiter — Entretien préalable"]
    assert interviews[4] == "18" and interviews[6] == "0" and interviews[8]  # with its definition
    assert all(row[8] for row in rows)  # every line says what it counts
    _no_person_in(str(rows), demo)


def test_narratives_are_proposed_saved_and_bad_input_keeps_the_text(demo, client):
    client.force_login(demo["equipe@labo.test"])
    response = client.post("/rapport/2025/", {"action": "proposer", "section": "candidatures",
                                              "candidatures-texte": ""})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "la CRESS a tenu en 2025 18 entretiens préalables, 11 pré-auditions" in html

    too_long = "Un texte trop long. " * 300
    response = client.post("/rapport/2025/", {"action": "enregistrer", "section": "forum",
                                              "forum-texte": too_long})  # fmt: skip
    assert response.status_code == 400
    assert too_long.strip() in response.content.decode()
    assert not ReportNarrative.objects.filter(section="forum").exists()

    template = "En {periode} : {sujets} sujets, {sujetz}."
    response = client.post(
        "/rapport/2025/", {"action": "modele", "section": "forum", "forum-modele-modele": template}
    )
    assert response.status_code == 302
    html = client.get("/rapport/2025/").content.decode()
    assert "En 2025 : 0 sujets, {sujetz}." in html
    assert "Noms inconnus dans le modèle, laissés tels quels : sujetz." in html
    # The template serves every year; an empty one brings the section's own back.
    assert "En 2024 : 0 sujets" in client.get("/rapport/2024/").content.decode()
    client.post(
        "/rapport/2025/", {"action": "modele", "section": "forum", "forum-modele-modele": ""}
    )
    assert "{sujetz}" not in client.get("/rapport/2025/").content.decode()

    assert (
        client.post("/rapport/2025/", {"action": "enregistrer", "section": "nope"}).status_code
        == 400
    )
    assert client.post("/rapport/2025/", {}).status_code == 400
    assert client.post("/rapport/2025/", {"action": "exporter", "format": "exe"}).status_code == 400


def test_a_chosen_period_and_bad_dates(demo, client):
    client.force_login(demo["equipe@labo.test"])
    html = client.get(
        "/rapport/periode/", {"du": "2025-04-01", "au": "2025-06-30"}
    ).content.decode()
    assert "du 1 avril 2025 au 30 juin 2025" in html
    assert '<td class="report__value" data-figure="aap_viure_agoras">3</td>' in html
    for du, au, message in (
        ("2025-06-30", "2025-04-01", "La fin de la période vient avant son début."),
        ("2019-01-01", "2025-01-01", "Choisissez une période de trois ans au plus."),
        ("hier", "2025-01-01", "Saisissez une date valide."),
    ):
        response = client.get("/rapport/periode/", {"du": du, "au": au})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert f'value="{du}"' in response.content.decode()  # nothing typed is lost
    assert client.get("/rapport/1999/").status_code == 404
    assert client.get("/rapport/2099/").status_code == 404


def test_an_export_shows_its_progress_until_its_file_is_offered(demo, client):
    client.force_login(demo["equipe@labo.test"])
    export = ReportExport.objects.create(
        starts_on="2025-01-01", ends_on="2025-12-31", format="pdf", progress=40,
        status=ExportStatus.RUNNING, step="Calcul des chiffres : 3 sections sur 6",
    )  # fmt: skip
    partial = client.get(f"/rapport/exports/{export.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="40"' in partial
    assert "Calcul des chiffres : 3 sections sur 6" in partial
    page = client.get(f"/rapport/exports/{export.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "/rapport/2025/" in page
    assert 'http-equiv="refresh"' not in page  # no page that reloads itself (WCAG 2.2.1)
    assert client.get(f"/rapport/exports/{export.pk}/telecharger/").status_code == 404  # not yet
    html = client.get("/rapport/2025/").content.decode()
    assert f'id="export-{export.pk}"' in html


def test_the_report_is_in_the_admin_reports_menu_for_the_team(demo, client):
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/admin/").content.decode()
    # Wagtail draws its sidebar from JSON props: the item sits in the « Rapports » submenu.
    assert '"name": "rapport-dactivite-du-labo"' in html
    assert '"url": "/rapport/"' in html
