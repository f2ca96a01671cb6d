"""The unified search, for one person: the engine chosen by the configuration, fed with what
this person may see (search.engines.base), and the promoted results the team picked."""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query

from labo.caching.versions import under_content_version
from labo.facets import five_minutes
from labo.geography import Departement
from labo.permissions import audience_of, is_member
from resources.models import ResourceTheme
from resources.permissions import pages_visible_to
from search.engines.base import PERIODS, Engine, SearchRequest
from search.engines.database import DatabaseEngine
from search.models import DocumentKind, UnansweredQuery
from search.syntax import parse_query

MAX_QUERY_LENGTH = 200
PERIOD_LABELS = {
    "a-venir": _("À venir"),
    "30-jours": _("30 derniers jours"),
    "annee": _("Cette année"),
    "plus-ancien": _("Plus ancien"),
}


def engine() -> Engine:
    """Elasticsearch when ELASTICSEARCH_URL is set, the platform's database otherwise. The
    engines are light: the Elasticsearch client behind them is one per process."""
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine  # noqa: PLC0415 (optional extra)

        return ElasticsearchEngine()

    return DatabaseEngine()


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    type = forms.ChoiceField(required=False, choices=[("", "")] + DocumentKind.choices)
    departement = forms.ChoiceField(required=False, choices=[("", "")] + Departement.choices)
    theme = forms.SlugField(required=False, max_length=50)
    periode = forms.ChoiceField(required=False, choices=[("", "")] + [(p, p) for p in PERIODS])
    tri = forms.ChoiceField(required=False, choices=[("pertinence", ""), ("date", "")])
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)


@dataclass
class SearchPage:
    query: str
    params: dict
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_querydict(cls, data) -> "SearchPage":
        """Malformed parameters are dropped and reported, never a server error. An oversized
        query is cut, not refused."""
        data = data.copy()
        if len(data.get("q", "")) > MAX_QUERY_LENGTH:
            data["q"] = data["q"][:MAX_QUERY_LENGTH]
        form = SearchForm(data)
        form.is_valid()
        cleaned = {
            k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors
        }
        return cls(
            query=" ".join((cleaned.get("q") or "").split()),
            params={
                "type": cleaned.get("type") or "",
                "departement": cleaned.get("departement") or "",
                "theme": cleaned.get("theme") or "",
                "periode": cleaned.get("periode") or "",
                "tri": cleaned.get("tri") or "pertinence",
                "page": cleaned.get("page") or 1,
            },
            errors=dict(form.errors),
        )

    def querystring(self, **overrides) -> str:
        values = {"q": self.query, **self.params, "page": "", **overrides}
        if values.get("tri") == "pertinence":
            values["tri"] = ""
        return urlencode({k: v for k, v in values.items() if v})

    @cached_property
    def is_searchable(self) -> bool:
        """Whether a word is left once punctuation is set aside (search.syntax): `"` or `(`
        alone asks nothing, and the page shows its empty state."""
        return not parse_query(self.query).is_empty

    @cached_property
    def is_filtered(self) -> bool:
        return any(self.params[k] for k in ("type", "departement", "theme", "periode"))


def search_for(*, user, page: SearchPage):
    members = is_member(user)
    request = SearchRequest(
        query=page.query,
        members=members,
        kind=page.params["type"],
        departement=page.params["departement"],
        theme=page.params["theme"],
        periode=page.params["periode"],
        sort=page.params["tri"],
        page=page.params["page"],
    )
    # Asked again (a common word, a shared link, the next visitor), the same question is
    # answered from the cache until content — and so the index — changes; the periods move
    # with the clock. `request` holds the audience (`members`).
    digest = hashlib.sha256(repr(request).encode()).hexdigest()[:40]
    return under_content_version(
        f"search:{five_minutes()}:{digest}", lambda: engine().search(request), timeout=600
    )


def facet_options(response, page: SearchPage) -> dict:
    def options(name, choices, counts, current):
        return [
            {"value": value, "label": label, "count": counts.get(value, 0),
             "selected": value == current, "querystring": page.querystring(**{name: value}),
             "remove_querystring": page.querystring(**{name: ""})}
            for value, label in choices
            if counts.get(value, 0) or value == current
        ]  # fmt: skip

    facets = response.facets
    return {
        "type": options("type", DocumentKind.choices, facets.get("type", {}), page.params["type"]),
        "departement": options(
            "departement",
            Departement.choices,
            facets.get("departement", {}),
            page.params["departement"],
        ),  # fmt: skip
        "theme": options(
            "theme",
            under_content_version(
                "search:themes", lambda: list(ResourceTheme.objects.values_list("slug", "name"))
            ),
            facets.get("theme", {}),
            page.params["theme"],
        ),  # fmt: skip
        "periode": options(
            "periode",
            list(PERIOD_LABELS.items()),
            facets.get("periode", {}),
            page.params["periode"],
        ),  # fmt: skip
    }


def paginator_for(response, page: SearchPage):
    """A Paginator over the total, so the pagination component works as elsewhere."""
    paginator = Paginator(range(response.total), 10)
    return paginator.get_page(page.params["page"])


def promotions_for(*, user, query: str) -> list:
    """The results the team promoted for this query (Wagtail search promotions), among what
    this person may see: kept under the content version per audience, like the results."""
    if not query:
        return []
    digest = hashlib.sha256(query.encode()).hexdigest()[:40]
    return under_content_version(
        f"search:promotions:{audience_of(user)}:{digest}",
        lambda: _promotions(user=user, query=query),
        timeout=600,
    )


def _promotions(*, user, query: str) -> list:
    promotions = Query.get(query).editors_picks.select_related("page")
    visible = []
    for promotion in promotions:
        page = promotion.page
        if page is not None:
            if pages_visible_to(type(page.specific).objects.filter(pk=page.pk), user).exists():
                visible.append(
                    {"title": page.title, "url": page.url, "description": promotion.description}
                )
        elif promotion.external_link_url:
            visible.append(
                {
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "url": promotion.external_link_url,
                    "description": promotion.description,
                }
            )
    return visible


def unanswered_query_record(query: str) -> None:
    normalized = " ".join(query.lower().split())[:255]
    updated = UnansweredQuery.objects.filter(query_string=normalized).update(hits=F("hits") + 1)
    if not updated:
        UnansweredQuery.objects.get_or_create(query_string=normalized, defaults={"hits": 1})
