"""Counts behind the filters of the directory and the library ("Foncier (6)")."""

from django.db.models import Count


def value_counts(queryset, field: str) -> dict:
    """Number of distinct rows per value of `field` (a related path is fine)."""
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))
