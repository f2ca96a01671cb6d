import csv
import io
import json
from decimal import Decimal

import pytest

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db


def _csv(client, **params):
    response = client.get("/projets/export.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.smoke
def test_csv_export_has_french_headers_and_every_public_project(demo, client):
    rows = _csv(client)
    assert len(rows) == 30
    assert {"Nom", "Commune", "Code INSEE", "Département", "Étape", "Forme juridique"} <= set(
        rows[0]
    )


def test_csv_export_honours_the_directory_filters(demo, client):
    rows = _csv(client, departement="66")
    assert {row["Nom"] for row in rows} == {"Casa Comuna", "Canigó Viu", "Les Cerisiers de Céret"}


def test_csv_export_neutralises_formulas(demo, client):
    project = ProjectPage.objects.get(slug="casa-comuna")
    project.summary = '=HYPERLINK("http://evil")'
    project.save_revision().publish()
    rows = _csv(client, departement="66")
    summary = next(r["Résumé"] for r in rows if r["Nom"] == "Casa Comuna")
    assert summary.startswith("'=")


def test_geojson_shows_precise_points_only_where_chosen(demo, client):
    project = ProjectPage.objects.get(slug="casa-comuna")
    project.location_precision = "precise"
    project.latitude, project.longitude = Decimal("42.70012"), Decimal("2.89512")
    project.save_revision().publish()
    response = client.get("/projets/export.geojson", {"departement": "66"})
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    features = {f["properties"]["nom"]: f for f in data["features"]}
    assert features["Casa Comuna"]["properties"]["precision"] == "precise"
    assert features["Casa Comuna"]["geometry"]["coordinates"] == [2.89512, 42.70012]
    ceret = features["Les Cerisiers de Céret"]
    assert ceret["properties"]["precision"] == "commune"
    commune = project.commune.__class__.objects.get(name="Céret")
    assert ceret["geometry"]["coordinates"] == [
        round(commune.longitude, 5),
        round(commune.latitude, 5),
    ]


def test_exports_never_include_drafts(demo, client):
    ProjectPage.objects.get(slug="casa-comuna").unpublish()
    assert "Casa Comuna" not in {r["Nom"] for r in _csv(client)}
    data = json.loads(client.get("/projets/export.geojson").content)
    assert "Casa Comuna" not in {f["properties"]["nom"] for f in data["features"]}


def test_project_page_carries_schema_org_json_ld(demo, client):
    html = client.get("/projets/casa-comuna/").content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Project"
    assert data["name"] == "Casa Comuna"
    assert data["location"]["address"]["addressLocality"] == "Perpignan"
