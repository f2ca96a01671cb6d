from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils.functional import SimpleLazyObject

from labo.caching.versions import public
from labo.core.expressions import names_of
from labo.core.listing import listed_for_tiers, listings_for
from labo.core.pictures import pictures_when_read
from labo.facets import (
    FieldFacets,
    KnownCountPaginator,
    cached_facets,
    field_groups,
    five_minutes,
    term_counts,
    term_pairs,
    value_count_rows,
)
from labo.permissions import audience_of
from labo.prepared import PreparedQuery, PreparedSlices
from labo.text_search import matching_ids
from projects.choices import ProjectStage
from resources import permissions
from resources.choices import Audience, ResourceType
from resources.models import ResourceDocument, ResourcePage, ResourceTheme

PAGE_SIZE = 12
SORTS = {"recent": "-first_published_at", "telechargements": "-download_count", "titre": "title"}


class ResourceFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    type = forms.ChoiceField(required=False, choices=[("", "")] + ResourceType.choices)
    theme = forms.SlugField(required=False, max_length=50)
    etape = forms.ChoiceField(required=False, choices=[("", "")] + ProjectStage.choices)
    public = forms.ChoiceField(required=False, choices=[("", "")] + Audience.choices)
    annee = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    tri = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    type: str = ""
    theme: str = ""
    etape: str = ""
    public: str = ""
    annee: int | None = None
    tri: str = "recent"
    errors: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_querydict(cls, data):
        form = ResourceFilterForm(data)
        form.is_valid()
        c = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
        return cls(
            q=(c.get("q") or "").strip(),
            type=c.get("type") or "",
            theme=c.get("theme") or "",
            etape=c.get("etape") or "",
            public=c.get("public") or "",
            annee=c.get("annee"),
            tri=c.get("tri") or "recent",
            errors=dict(form.errors),
        )

    def querystring(self, **overrides) -> str:
        values = {
            "q": self.q,
            "type": self.type,
            "theme": self.theme,
            "etape": self.etape,
            "public": self.public,
            "annee": self.annee or "",
            "tri": "" if self.tri == "recent" else self.tri,
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v})


def resources_visible_to(user):
    """The live resources this person's lists show (public ones, members-only ones for members,
    restricted ones for the CRESS team: labo.core.listing)."""
    return resources_listed_for(tuple(listings_for(user)))


def resources_listed_for(tiers: tuple[int, ...]):
    """The live resources listed for one of `tiers` (labo.core.listing.listings_for)."""
    # live and exact_type: they let the newest-first order read an index (core migration 0004).
    return listed_for_tiers(ResourcePage.objects.live().exact_type(ResourcePage), tiers)


def _newest_resources(tiers: tuple[int, ...]):
    return resources_listed_for(tiers).order_by("-first_published_at", "id")[:3]


# The home page's « Dernières ressources ».
NEWEST_RESOURCES = PreparedQuery(_newest_resources)


def newest_resources(user) -> list:
    return NEWEST_RESOURCES.rows(tiers=tuple(listings_for(user)))


def _counted_resources(tiers: tuple[int, ...]):
    """The same resources, for counting: the resource table alone, not joined to Wagtail's."""
    return listed_for_tiers(ResourcePage.objects.all(), tiers)


# The filters that are fields of the resource itself: counted in one GROUP BY.
FIELD_FILTERS = {"type": "resource_type", "public": "audience", "annee": "year"}


def filter_resources(
    user, filters: ResourceFilters, *, exclude: str | set[str] = "", counting: bool = False
):
    """The resources this person may see that match the filters; `exclude` leaves filters
    out (for their own facet counts, `counting`)."""
    return _filter_resources(tuple(listings_for(user)), filters, exclude=exclude, counting=counting)


def _filter_resources(
    tiers: tuple[int, ...],
    filters: ResourceFilters,
    *,
    exclude: str | set[str] = "",
    counting: bool = False,
):
    """`filter_resources` for the lists of `tiers` (labo.core.listing.listings_for)."""
    excluded = {exclude} if isinstance(exclude, str) else set(exclude)
    queryset = _counted_resources(tiers) if counting else resources_listed_for(tiers)
    if filters.q:
        queryset = queryset.filter(pk__in=matching_ids(resources_listed_for(tiers), filters.q))
    if filters.type and "type" not in excluded:
        queryset = queryset.filter(resource_type=filters.type)
    if filters.theme and "theme" not in excluded:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.etape and "etape" not in excluded:
        queryset = queryset.filter(stages__stage=filters.etape)
    if filters.public and "public" not in excluded:
        queryset = queryset.filter(audience=filters.public)
    if filters.annee and "annee" not in excluded:
        queryset = queryset.filter(year=filters.annee)
    return queryset


def _field_groups(tiers: tuple[int, ...], filters: ResourceFilters):
    return field_groups(
        _filter_resources(tiers, filters, exclude=set(FIELD_FILTERS), counting=True),
        FIELD_FILTERS,
    )


def _theme_pairs(tiers: tuple[int, ...], filters: ResourceFilters):
    return term_pairs(
        ResourcePage.themes, _filter_resources(tiers, filters, exclude="theme", counting=True)
    )


def _stage_counts(tiers: tuple[int, ...], filters: ResourceFilters):
    return value_count_rows(
        _filter_resources(tiers, filters, exclude="etape", counting=True), "stages__stage"
    )


def _themes():
    return ResourceTheme.objects.all()


FIELD_GROUPS = PreparedQuery(_field_groups, kept=64)
THEME_PAIRS = PreparedQuery(_theme_pairs, kept=64)
STAGE_COUNTS = PreparedQuery(_stage_counts, kept=64)
THEMES = PreparedQuery(_themes)


def resource_facets(user, filters: ResourceFilters) -> dict:
    """Counts per value of each filter with the other filters applied, and the number of
    resources matching them all (`total`): type, audience and year from one GROUP BY
    (labo.facets.FieldFacets), themes and stages (many-to-many) from a query each."""

    def options(choices, counts, current):
        return [
            {"value": v, "label": label, "count": counts.get(v, 0), "selected": v == current}
            for v, label in choices
        ]

    tiers = tuple(listings_for(user))
    # Without words, the SQL of each count depends on the filters alone: prepared.
    read = PreparedQuery.rows_once if filters.q else PreparedQuery.rows
    fields = FieldFacets(
        read(
            FIELD_GROUPS,
            tiers=tiers,
            filters=ResourceFilters(q=filters.q, theme=filters.theme, etape=filters.etape),
        ),
        FIELD_FILTERS,
        {
            "type": filters.type or None,
            "public": filters.public or None,
            "annee": filters.annee or None,
        },
    )
    by_theme = term_counts(
        THEMES.rows(),
        read(THEME_PAIRS, tiers=tiers, filters=replace(filters, theme="", tri="recent")),
    )
    years = fields.counts("annee")
    return {
        "type": options(ResourceType.choices, fields.counts("type"), filters.type),
        "theme": [
            {"value": t.slug, "label": t.name, "count": t.n, "selected": t.slug == filters.theme}
            for t in by_theme
        ],
        "etape": options(
            ProjectStage.choices,
            dict(read(STAGE_COUNTS, tiers=tiers, filters=replace(filters, etape="", tri="recent"))),
            filters.etape,
        ),
        "public": options(Audience.choices, fields.counts("public"), filters.public),
        "annee": [
            {"value": y, "label": str(y), "count": n, "selected": y == filters.annee}
            for y, n in sorted(years.items(), key=lambda i: -(i[0] or 0))
            if y
        ],
        "total": fields.total,
    }


def _library_rows(
    tiers: tuple[int, ...], filters: ResourceFilters, start: int = 0, stop: int | None = None
):
    return (
        _filter_resources(tiers, filters)
        # The documents with their files in one query, whether the page lists any or not.
        .prefetch_related(
            Prefetch("documents", queryset=ResourceDocument.objects.select_related("document"))
        )
        .annotate(theme_names=names_of(ResourcePage.themes))
        # Ties by the page table's id: with the page type, the order of the index of
        # labo.core's migration 0004 (the child table's key is the same number, but
        # PostgreSQL cannot know it and sorts every tie).
        .order_by(SORTS[filters.tri], "id")[start:stop]
    )


# A page of the library, for filters without words.
LIBRARY_ROWS = PreparedQuery(_library_rows, kept=64)


def resource_library(*, request) -> dict:
    filters = ResourceFilters.from_querydict(request.GET)
    tiers = tuple(listings_for(request.user))
    show_counts = permissions.can_see_download_counts(request.user)
    facets = cached_facets(
        "resources",
        filters,
        lambda: resource_facets(request.user, filters),
        audience=audience_of(request.user),
    )
    return {
        "filters": filters,
        "facets": facets,
        # The total comes with the facets, counted in the same GROUP BY.
        "page_obj": pictures_when_read(
            KnownCountPaginator(
                _library_rows(tiers, filters)
                if filters.q  # the words' matching ids are part of the SQL
                else PreparedSlices(LIBRARY_ROWS, facets["total"], tiers=tiers, filters=filters),
                PAGE_SIZE,
                count=facets["total"],
            ).get_page(request.GET.get("page"))
        ),
        "filters_querystring": filters.querystring(),
        "show_counts": show_counts,
        "moment": _download_counts_moment(show_counts, filters.tri == "telechargements"),
    }


def _download_counts_moment(show_counts: bool, sorted_by_downloads: bool = False) -> str:
    """Downloads are counted without moving the content version (a download changes no page a
    visitor sees): where counts are shown or order the list, its cached fragment is kept
    five minutes at most."""
    return five_minutes() if show_counts or sorted_by_downloads else ""


RELATED_COUNT = 3
# Related resources are chosen among this many of the newest sharing a theme: walking the
# newest-first index stops there, where counting shared themes over a whole library of
# thousands would read it all.
RELATED_CANDIDATES = 30


def _related_candidates(tiers: tuple[int, ...], resource_id: int):
    links = ResourcePage.themes.through.objects
    themes = links.filter(resourcepage_id=resource_id).values("resourcetheme_id")
    sharing = links.filter(resourcetheme_id__in=themes)
    return (
        resources_listed_for(tiers)
        .exclude(pk=resource_id)
        .filter(pk__in=sharing.values("resourcepage_id"))
        .annotate(
            shared_themes=Subquery(
                sharing.filter(resourcepage_id=OuterRef("pk"))
                .values("resourcepage_id")
                .annotate(count=Count("*"))
                .values("count")
            )
        )
        .order_by("-first_published_at", "id")
        .only("title", "url_path", "path", "depth", "summary", "resource_type")[:RELATED_CANDIDATES]
    )


# Compiled once per audience: every resource page sends the same SQL with its own id.
RELATED_CANDIDATES_OF = PreparedQuery(_related_candidates, parameters=("resource_id",))


def related_resources(user, resource: ResourcePage) -> list[ResourcePage]:
    """Up to three other resources this person may see: among the newest that share a theme
    with this one, those sharing the most themes first, then the newest. One query."""
    if not resource.pk:
        return []
    candidates = RELATED_CANDIDATES_OF.rows(
        tiers=tuple(listings_for(user)), resource_id=resource.pk
    )
    # Sorted is stable: equal counts keep the newest first.
    return sorted(candidates, key=lambda page: -page.shared_themes)[:RELATED_COUNT]


def resource_page_context(*, request, resource) -> dict:
    # Lazy: read only when the page's body is rendered, not when it comes from the cache of
    # fragments (building a query costs a millisecond or two).
    return {
        "documents": SimpleLazyObject(
            lambda: resource.documents.select_related("document", "document__preview")
        ),
        "members_only": permissions.is_members_only(resource),
        "related_events": SimpleLazyObject(
            lambda: (
                public(resource.events.live()).order_by("-starts_at")[:10] if resource.pk else []
            )
        ),
        "related_resources": SimpleLazyObject(lambda: related_resources(request.user, resource)),
        "show_counts": permissions.can_see_download_counts(request.user),
        "moment": _download_counts_moment(permissions.can_see_download_counts(request.user)),
    }
