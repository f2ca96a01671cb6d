"""Spans of time in French (an event, a meeting), the same way on the pages, in the e-mails and
the calendars."""

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _


def _time(value) -> str:
    return date_format(value, "G\\hi").replace("h00", "h")


def time_span(starts_at, ends_at) -> str:
    """« mardi 16 septembre 2025, de 9h30 à 17h » or « du 6 mars 2025 à 9h au 7 mars 2025
    à 16h » (Europe/Paris)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return _("%(day)s, de %(start)s à %(end)s") % {
            "day": date_format(start, "l j F Y"),
            "start": _time(start),
            "end": _time(end),
        }
    return _("du %(start_day)s à %(start)s au %(end_day)s à %(end)s") % {
        "start_day": date_format(start, "l j F Y"),
        "start": _time(start),
        "end_day": date_format(end, "l j F Y"),
        "end": _time(end),
    }
