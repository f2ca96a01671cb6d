"""`{% moment %}` gives the bytes Django's `date` filters gave (`<time datetime="{{ d|date:'c' }}"
data-relative>{{ d|date:"j F Y à H:i" }}</time>`), in the current time zone, for dates around
the changes of hour, at midnight, on the first and last days of months, with and without
microseconds; nothing without a date."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

DJANGO = Template(
    """{% load i18n %}<time datetime="{{ d|date:'c' }}" data-relative>"""
    """{{ d|date:"j F Y à H:i" }}</time>"""
)
OURS = Template("{% load labo_tags %}{% moment d %}")

MOMENTS = [
    datetime(2026, 12, 6, 18, 2, 27, 214652, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # the hour changes in Paris at 01:00 UTC
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 in Paris, twice that night
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 0, tzinfo=UTC),  # midnight, new year, in Paris
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 2, 28, 22, 59, 0, 1, tzinfo=UTC),
    datetime(2026, 8, 1, 7, 5, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
@pytest.mark.parametrize("zone", ["Europe/Paris", "UTC", "America/Cayenne"])
def test_the_same_bytes_as_djangos_filters(moment, zone):
    with translation.override("fr"), timezone.override(zone):
        expected = DJANGO.render(Context({"d": moment}))
        assert OURS.render(Context({"d": moment})) == expected
    assert "data-relative" in expected and " à " in expected


def test_nothing_without_a_date():
    assert OURS.render(Context({"d": None})) == ""
