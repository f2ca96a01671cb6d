"""Reads of projects, filtered by what the person may see."""

from dataclasses import replace
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from labo.core.expressions import names_of
from labo.core.listing import listed_for_everyone
from labo.core.pictures import pictures_when_read
from labo.facets import (
    FieldFacets,
    KnownCountPaginator,
    cached_facets,
    field_groups,
    term_counts,
    term_pairs,
)
from labo.geography import Departement, departement_outlines, map_context, map_shade
from labo.prepared import PreparedQuery, PreparedSlices
from labo.text_search import matching_ids
from projects import permissions
from projects.choices import LegalForm, ProjectStage
from projects.filters import SORTS, ProjectFilters
from projects.models import (
    Commune,
    HabitatKind,
    ProjectGalleryImage,
    ProjectMembership,
    ProjectPage,
    ProjectUpdate,
)

PAGE_SIZE = 12
CARD_RENDITION = "fill-480x320"
SEARCH_RESULTS_LIMIT = 2000


def resolve_commune(value: str) -> Commune:
    """A commune from what people type: an INSEE code, « Nom (dép.) » or a name that is unique
    in Occitanie. Communes outside Occitanie are not in the list, so they are refused."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Indiquez la commune du projet."), code="required")
    if value.isdecimal() and len(value) == 5:
        commune = Commune.objects.filter(insee_code=value).first()
        if commune:
            return commune
        raise ValidationError(
            _("Aucune commune d'Occitanie n'a le code INSEE %(code)s.") % {"code": value},
            code="outside",
        )
    name, departement = value, ""
    if value.endswith(")") and "(" in value:
        name, departement = value[:-1].rsplit("(", 1)
        name, departement = name.strip(), departement.strip()
    matches = Commune.objects.filter(name__iexact=name)
    if departement:
        matches = matches.filter(departement=departement)
    matches = list(matches[:6])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _(
                "« %(value)s » n'est pas une commune d'Occitanie. Vérifiez l'orthographe, ou "
                "indiquez le code INSEE."
            )
            % {"value": value},
            code="outside",
        )
    raise ValidationError(
        _("Plusieurs communes portent ce nom : précisez, par exemple %(choices)s.")
        % {"choices": ", ".join(str(c) for c in matches)},
        code="ambiguous",
    )


def memberships_of(user_id: int):
    """A person's memberships of project teams (`project_id`, `role`): what `labo.access`
    keeps about them for every permission check."""
    return ProjectMembership.objects.filter(user_id=user_id)


def public_projects():
    """Live projects without view restrictions: what visitors, exports and feeds may show."""
    # live and exact_type: they let the newest-first order read an index (core migration
    # 0004) instead of sorting every project; who sees it is on the project's own row.
    return listed_for_everyone(ProjectPage.objects.live().exact_type(ProjectPage))


def _counted_projects():
    """The same projects, for counting: the project table alone, not joined to Wagtail's."""
    return listed_for_everyone(ProjectPage.objects.all())


def _search_ids(query: str) -> list[int]:
    return matching_ids(public_projects(), query, limit=SEARCH_RESULTS_LIMIT)


# The filters that are fields of the project itself: their facet counts come from one
# GROUP BY over all four (`project_facets`).
FIELD_FILTERS = {
    "departement": "departement",
    "etape": "stage",
    "forme": "legal_form",
    "recherche_foyers": "seeking_households",
}


def filter_projects(
    filters: ProjectFilters, *, exclude: str | set[str] = "", counting: bool = False
):
    """Public projects matching the filters; `exclude` leaves filters out (for their own
    facet counts, `counting`)."""
    excluded = {exclude} if isinstance(exclude, str) else set(exclude)
    queryset = _counted_projects() if counting else public_projects()
    if filters.q:
        queryset = queryset.filter(pk__in=_search_ids(filters.q))
    if filters.departement and "departement" not in excluded:
        queryset = queryset.filter(departement=filters.departement)
    if filters.etape and "etape" not in excluded:
        queryset = queryset.filter(stage=filters.etape)
    if filters.forme and "forme" not in excluded:
        queryset = queryset.filter(legal_form=filters.forme)
    if filters.type and "type" not in excluded:
        queryset = queryset.filter(habitat_kinds__slug=filters.type)
    if filters.recherche_foyers and "recherche_foyers" not in excluded:
        queryset = queryset.filter(seeking_households=True)
    return queryset


def _wanted(filters: ProjectFilters) -> dict[str, object]:
    """The value each field filter asks for, or None when it is not set."""
    return {
        "departement": filters.departement or None,
        "etape": filters.etape or None,
        "forme": filters.forme or None,
        "recherche_foyers": True if filters.recherche_foyers else None,
    }


def _only(filters: ProjectFilters, *names: str) -> ProjectFilters:
    """The filters with only `names` set: one prepared query for every choice of the others."""
    return ProjectFilters(**{name: getattr(filters, name) for name in names})


def _field_groups(filters: ProjectFilters):
    return field_groups(
        filter_projects(filters, exclude=set(FIELD_FILTERS), counting=True), FIELD_FILTERS
    )


def _kind_pairs(filters: ProjectFilters):
    return term_pairs(
        ProjectPage.habitat_kinds, filter_projects(filters, exclude="type", counting=True)
    )


def _habitat_kinds():
    return HabitatKind.objects.all()


FIELD_GROUPS = PreparedQuery(_field_groups)
KIND_PAIRS = PreparedQuery(_kind_pairs, kept=64)
HABITAT_KINDS = PreparedQuery(_habitat_kinds)


def project_facets(filters: ProjectFilters) -> dict:
    """Counts per value of each filter, computed with the other filters applied, and the
    number of projects matching them all (`total`). The four filters that are fields of the
    project come from one GROUP BY (labo.facets.FieldFacets); the habitat kinds, a
    many-to-many, have their own query."""
    # Without words, the SQL of each count depends on the filters alone: prepared.
    read = PreparedQuery.rows_once if filters.q else PreparedQuery.rows
    fields = FieldFacets(
        read(FIELD_GROUPS, filters=_only(filters, "q", "type")),
        FIELD_FILTERS,
        _wanted(filters),
    )
    by_departement, by_stage, by_form = (
        fields.counts("departement"),
        fields.counts("etape"),
        fields.counts("forme"),
    )
    seeking = fields.counts("recherche_foyers").get(True, 0)
    total = fields.total
    kinds = term_counts(
        HABITAT_KINDS.rows(), read(KIND_PAIRS, filters=replace(filters, type="", tri="recent"))
    )

    def options(choices, counts, current):
        return [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "selected": value == current,
            }
            for value, label in choices
        ]

    return {
        "departement": options(Departement.choices, by_departement, filters.departement),
        "etape": options(ProjectStage.choices, by_stage, filters.etape),
        "forme": options(LegalForm.choices, by_form, filters.forme),
        "type": [
            {
                "value": kind.slug,
                "label": kind.name,
                "count": kind.n,
                "selected": kind.slug == filters.type,
            }
            for kind in kinds
        ],
        "recherche_foyers": seeking,
        "total": total,
    }


def with_card_data(queryset):
    """Everything a project card shows, in a fixed number of queries whatever the count: its
    picture is the first of its gallery, named in the page's own row (`attach_pictures` then
    reads every picture of the list at once)."""
    first_picture = ProjectGalleryImage.objects.filter(page=OuterRef("pk")).order_by(
        "sort_order", "pk"
    )
    return queryset.select_related("commune").annotate(
        habitat_kind_names=names_of(ProjectPage.habitat_kinds),
        cover_image_id=Subquery(first_picture.values("image_id")[:1]),
        cover_alt=Subquery(first_picture.values("alt_text")[:1]),
    )


def _newest_projects():
    return with_card_data(public_projects()).order_by("-last_published_at", "id")[:3]


# The home page's « Projets à la une ».
NEWEST_PROJECTS = PreparedQuery(_newest_projects)


def _directory_rows(filters: ProjectFilters, start: int = 0, stop: int | None = None):
    return with_card_data(filter_projects(filters)).order_by(
        # Ties by the page table's id: with the page type, the order of the index of
        # labo.core's migration 0004 (the child table's key is the same number, but
        # PostgreSQL cannot know it and sorts every tie).
        SORTS[filters.tri],
        "id",
    )[start:stop]


# A page of the directory, for filters without words.
DIRECTORY_ROWS = PreparedQuery(_directory_rows, kept=64)


def project_directory(*, request, index: Page) -> dict:
    filters = ProjectFilters.from_querydict(request.GET)

    facets = cached_facets("projects", filters, lambda: project_facets(filters))

    def results_page():
        # The total comes with the facets, counted in the same GROUP BY.
        if filters.q:  # the words' matching ids are part of the SQL
            rows = _directory_rows(filters)
        else:
            rows = PreparedSlices(DIRECTORY_ROWS, facets["total"], filters=filters)
        return pictures_when_read(
            KnownCountPaginator(rows, PAGE_SIZE, count=facets["total"]).get_page(
                request.GET.get("page")
            )
        )

    return {
        "filters": filters,
        "facets": facets,
        # Lazy: built and read only when the directory is rendered, not when it comes from
        # the cache of fragments (building the query costs a few milliseconds).
        "page_obj": SimpleLazyObject(results_page),
        "page_number": request.GET.get("page", ""),
        "project_map": departement_map(facets["departement"], filters),
        "filters_querystring": filters.querystring(),
        "map_view_box": departement_outlines()["viewBox"],
        **map_context(),
    }


def departement_map(departement_facets: list[dict], filters: ProjectFilters) -> list[dict]:
    """Each département with its number of projects and a shade from 0 (none) to 4."""
    outlines = departement_outlines()["departements"]
    top = max((facet["count"] for facet in departement_facets), default=0) or 1
    return [
        {
            **facet,
            "path": outlines[facet["value"]],
            "shade": map_shade(facet["count"], top),
            "url": "?" + filters.querystring(departement=facet["value"]),
        }
        for facet in departement_facets
    ]


def project_team(project: ProjectPage):
    return _team(project.pk)


def project_updates(project: ProjectPage, limit: int | None = 10):
    return _updates(project.pk, limit)


def _team(project_pk: int):
    return ProjectMembership.objects.filter(project_id=project_pk).select_related(
        "user", "user__profile"
    )


def _updates(project_pk: int, limit: int | None = 10):
    queryset = ProjectUpdate.objects.filter(project_id=project_pk).select_related("author", "image")
    return queryset[:limit] if limit else queryset


def _gallery(project_pk: int):
    return ProjectGalleryImage.objects.filter(page_id=project_pk).select_related("image")


# What a project's page shows below its header, for the most visited projects of a worker.
TEAM = PreparedQuery(_team, kept=64)
UPDATES = PreparedQuery(_updates, kept=64)
GALLERY = PreparedQuery(_gallery, kept=64)


def latest_public_updates(limit: int = 30):
    return (
        ProjectUpdate.objects.filter(project__in=public_projects())
        .select_related("project", "author")
        .order_by("-created_at")[:limit]
    )


def moderation_state(project: ProjectPage) -> dict:
    """What the team sees about its edits under review: pending or sent back with a comment."""
    state = (
        WorkflowState.objects.for_instance(project)
        .order_by("-created_at")
        .select_related("current_task_state")
        .first()
    )
    if state is None:
        return {"status": None}
    comment = (
        TaskState.objects.filter(workflow_state=state)
        .exclude(comment="")
        .order_by("-finished_at")
        .values_list("comment", flat=True)
        .first()
    )
    return {"status": state.status, "comment": comment or "", "state": state}


def project_page_context(*, request, project: ProjectPage) -> dict:
    user = request.user
    return {
        # Lazy: read only when the page's body is rendered, not when it comes from the cache
        # of fragments. One query whatever the number of images (their renditions come from
        # Wagtail's cache).
        "team": SimpleLazyObject(lambda: TEAM.rows(project_pk=project.pk)),
        # A preview shows the draft's own pictures, held by the page in memory.
        "gallery": project.gallery_images.select_related("image")
        if getattr(request, "is_preview", False) or not project.pk
        else SimpleLazyObject(lambda: GALLERY.rows(project_pk=project.pk)),
        "updates": SimpleLazyObject(lambda: UPDATES.rows(project_pk=project.pk, limit=10)),
        "is_team_member": permissions.is_project_team_member(user, project),
        "can_edit": permissions.can_edit_project(user, project),
        "can_manage_team": permissions.can_manage_team(user, project),
        "can_post_update": permissions.can_post_project_update(user, project),
        "can_follow": permissions.can_follow_project(user, project),
        "is_following": user.is_authenticated and project.follows.filter(user=user).exists(),
        "moderation": moderation_state(project)
        if permissions.can_view_project_draft(user, project)
        else {"status": None},
    }


STALE_AFTER_DAYS = 365


def stale_projects():
    """Published profiles their team has not confirmed for a year (or ever)."""
    limit = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
    return (
        public_projects()
        .filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=limit))
        .order_by("last_confirmed_at", "title")
    )
