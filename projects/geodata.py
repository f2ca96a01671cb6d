"""Geographic data shipped in projects/data/ (see its LICENSES.md and build.py)."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def departement_outlines() -> dict:
    return json.loads((DATA / "occitanie-departements.json").read_text())
