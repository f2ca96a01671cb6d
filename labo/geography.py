"""The territory the Labo serves: the 13 départements of Occitanie, by INSEE code."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models


class Departement(models.TextChoices):
    ARIEGE = "09", "Ariège"
    AUDE = "11", "Aude"
    AVEYRON = "12", "Aveyron"
    GARD = "30", "Gard"
    HAUTE_GARONNE = "31", "Haute-Garonne"
    GERS = "32", "Gers"
    HERAULT = "34", "Hérault"
    LOT = "46", "Lot"
    LOZERE = "48", "Lozère"
    HAUTES_PYRENEES = "65", "Hautes-Pyrénées"
    PYRENEES_ORIENTALES = "66", "Pyrénées-Orientales"
    TARN = "81", "Tarn"
    TARN_ET_GARONNE = "82", "Tarn-et-Garonne"


# The corners (south-west, north-east; latitude, longitude) that the view box of the outlines
# of the départements covers (labo/data/occitanie-departements.json, drawn again as
# static/img/occitanie-departements.svg), so that a map without tiles can lay the outlines
# under its points. The outlines come from a drawing of France, not from coordinates: the fit
# is close (a few kilometres), enough to place a point in its département.
OUTLINE_BOUNDS = ((42.27, -0.42), (45.11, 4.93))


def map_context() -> dict:
    """What a template needs to draw a map: the tile server, its attribution, and where the
    outlines of the départements go when the tiles cannot load (static/js/maps.js)."""
    return {
        "map_tiles_url": settings.PROJECT_MAP_TILES_URL,
        "map_tiles_attribution": settings.PROJECT_MAP_TILES_ATTRIBUTION,
        "map_outline_bounds": ",".join(str(value) for corner in OUTLINE_BOUNDS for value in corner),
    }


def map_shade(count: int, top: int) -> int:
    """A département's shade on the Occitanie map: 0 for none, then 1 to 4 by share of the
    largest count (the map-shade-N classes)."""
    return 0 if not count else 1 + min(3, (count * 4 - 1) // (top or 1))


@cache
def departement_outlines() -> dict:
    """The SVG outline of each département (sources in projects/data/LICENSES.md)."""
    return json.loads((Path(__file__).parent / "data" / "occitanie-departements.json").read_text())
