"""Open data: the directory as CSV (French headers) and GeoJSON, honouring its filters. Only
public profiles, and precise points only where the team chose to publish one."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

from labo.addresses import absolute_url
from labo.spreadsheets import csv_response
from projects.filters import ProjectFilters
from projects.selectors import filter_projects

CSV_COLUMNS = [
    (_("Nom"), lambda p, r: p.title),
    (_("Adresse de la fiche"), lambda p, r: absolute_url(p.url)),
    (_("Résumé"), lambda p, r: p.summary),
    (_("Commune"), lambda p, r: p.commune.name),
    (_("Code INSEE"), lambda p, r: p.commune.insee_code),
    (_("Département"), lambda p, r: p.departement),
    (_("Étape"), lambda p, r: p.get_stage_display()),
    (_("Forme juridique"), lambda p, r: p.get_legal_form_display()),
    (_("Types d'habitat"), lambda p, r: ", ".join(k.name for k in p.habitat_kinds.all())),
    (_("Construction"), lambda p, r: p.get_construction_display()),
    (_("Cadre"), lambda p, r: p.get_setting_display()),
    (_("Foyers aujourd'hui"), lambda p, r: p.households_now),
    (
        _("Foyers visés"),
        lambda p, r: p.households_target if p.households_target is not None else "",
    ),
    (_("Logements"), lambda p, r: p.dwellings if p.dwellings is not None else ""),
    (_("Cherche des foyers"), lambda p, r: _("oui") if p.seeking_households else _("non")),
    (_("Site web"), lambda p, r: p.website),
    (
        _("Mis à jour le"),
        lambda p, r: p.last_published_at.date().isoformat() if p.last_published_at else "",
    ),
]


def _projects(request):
    filters = ProjectFilters.from_querydict(request.GET)
    return (
        filter_projects(filters)
        .select_related("commune")
        .prefetch_related("habitat_kinds")
        .order_by("title", "pk")
    )


def projects_csv(request):
    return csv_response(
        filename="projets-habitat-des-communs.csv",
        header=[header for header, _getter in CSV_COLUMNS],
        rows=(
            [getter(project, request) for _h, getter in CSV_COLUMNS]
            for project in _projects(request)
        ),
    )


def projects_geojson(request):
    features = []
    for project in _projects(request):
        point = project.map_point
        features.append(
            {
                "type": "Feature",
                "geometry": None
                if point is None
                else {
                    "type": "Point",
                    "coordinates": [round(point[1], 5), round(point[0], 5)],
                },
                "properties": {
                    "nom": project.title,
                    "url": absolute_url(project.url),
                    "resume": project.summary,
                    "commune": project.commune.name,
                    "code_insee": project.commune.insee_code,
                    "departement": project.departement,
                    "etape": project.stage,
                    "forme_juridique": project.legal_form,
                    "cherche_des_foyers": project.seeking_households,
                    # "commune": the point is the commune's centre, not the project's address.
                    "precision": point[2] if point else "aucune",
                },
            }
        )
    payload = {"type": "FeatureCollection", "features": features}
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False), content_type="application/geo+json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="projets-habitat-des-communs.geojson"'
    return response
