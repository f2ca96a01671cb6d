"""The period a report covers: a calendar year by default, or any span of days a member of
the team chooses, compared with the span of the same length just before it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The first year the Labo has data for, and how far a chosen period may reach.
FIRST_YEAR = 2024
LONGEST_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return (
            self.start.month == 1
            and self.start.day == 1
            and self.end == date(self.start.year, 12, 31)
        )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The year before for a year; else the same number of days just before."""
        if self.is_year:
            return Period.year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def since(self) -> datetime:
        """The first instant of the period, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def moments(self, field: str) -> dict:
        """Filter arguments: `field` (a date-time) falls within the period."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}

    def days_filter(self, field: str) -> dict:
        """Filter arguments: `field` (a date) falls within the period."""
        return {f"{field}__gte": self.start, f"{field}__lte": self.end}

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        months, year, month = [], self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            months.append(date(year, month, 1))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return months

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.start.year)
        return _("du %(start)s au %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }

    @property
    def short_label(self) -> str:
        """For a table's column."""
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        """For file names."""
        if self.is_year:
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"
