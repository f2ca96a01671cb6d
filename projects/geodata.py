"""Geographic data shipped in projects/data/ (see its LICENSES.md and build.py)."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


def map_shade(count: int, top: int) -> int:
    """A département's shade on the Occitanie map: 0 for none, then 1 to 4 by share of the
    largest count (the map-shade-N classes)."""
    return 0 if not count else 1 + min(3, (count * 4 - 1) // (top or 1))


@cache
def departement_outlines() -> dict:
    return json.loads((DATA / "occitanie-departements.json").read_text())
