"""What a search leaves behind: the hit counted for the team's reports (Rapports ›
Recherches, Wagtail's promoted results). Counted in Redis and written by
`manage.py flush_counters` (labo.core.counters), not on each search."""

from datetime import date

from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from labo.core import counters


def search_hit_count(query: str) -> None:
    today = timezone.localdate()
    counters.count(
        counters.SEARCH_HITS,
        f"{today.isoformat()}|{query}",
        lambda number: record_search_hits(query, day=today.isoformat(), number=number),
    )


def record_search_hits(query: str, *, day: str, number: int) -> None:
    """`number` more searches of `query` on `day` (an ISO date), as Wagtail's `add_hit`."""
    daily, _created = QueryDailyHits.objects.get_or_create(
        query=Query.get(query), date=date.fromisoformat(day)
    )
    QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + number)
