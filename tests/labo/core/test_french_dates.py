"""Dates read in French everywhere: no template prints a month as an abbreviation (« Jul »,
« Jui » for both juin and juillet)."""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The formats of the `date` filter: M and b abbreviate the month, N is the AP style (« juil. »).
ABBREVIATED_MONTH = re.compile(r"""\|date:["']([^"']*)["']""")


def test_no_template_abbreviates_a_month():
    offenders = []
    for path in TEMPLATES.rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for fmt in ABBREVIATED_MONTH.findall(path.read_text()):
            unescaped = re.sub(r"\\.", "", fmt)
            if set(unescaped) & {"M", "b", "N"}:
                offenders.append(f"{path.relative_to(TEMPLATES)}: {fmt}")
    assert offenders == []


def test_the_formats_used_print_french_months():
    with translation.override("fr"):
        rendered = Template('{{ day|date:"j F Y" }}').render(Context({"day": date(2025, 7, 30)}))
    assert rendered == "30 juillet 2025"
