import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from labo.permissions import is_member
from search import selectors, services
from search.engines.base import SearchUnavailable
from search.models import DocumentKind

logger = logging.getLogger(__name__)

SUGGESTIONS_MIN_LENGTH = 2


@require_GET
def search(request):
    page = selectors.SearchPage.from_querydict(request.GET)
    context = {"query": page.query, "search": page}
    if page.query and not page.is_searchable:
        context["nothing_to_search"] = True
    elif page.query:
        try:
            response = selectors.search_for(user=request.user, page=page)
        except SearchUnavailable:
            logger.exception("The search engine did not answer")
            context["unavailable"] = True
            return render(request, "search/search.html", context, status=503)
        if page.params["page"] == 1 and not page.is_filtered:
            # The query logs behind Rapports › Recherches (frequent, and without result).
            services.search_hit_count(page.query)
            if not response.total:
                selectors.unanswered_query_record(page.query)
        context.update(
            response=response,
            page_obj=selectors.paginator_for(response, page),
            facets=selectors.facet_options(response, page),
            promotions=selectors.promotions_for(user=request.user, query=page.query),
            query_string=page.querystring(),
            sort_links={
                "pertinence": page.querystring(tri=""),
                "date": page.querystring(tri="date"),
            },
        )
        labels = dict(DocumentKind.choices)
        for hit in response.hits:
            hit.kind_label = labels.get(hit.kind, "")
    return render(request, "search/search.html", context)


# What each suggestion is, beside its title (« Casa Comuna — Projet »).
KIND_SINGULAR = {
    DocumentKind.PROJECT: _("Projet"),
    DocumentKind.RESOURCE: _("Ressource"),
    DocumentKind.EVENT: _("Événement"),
    DocumentKind.FORUM: _("Sujet du forum"),
    DocumentKind.PAGE: _("Page"),
}


@require_GET
def suggestions(request):
    """Titles for the header's search box, among what this person may see."""
    query = (request.GET.get("q") or "").strip()[: selectors.MAX_QUERY_LENGTH]
    if len(query) < SUGGESTIONS_MIN_LENGTH:
        return JsonResponse({"results": []})
    try:
        results = selectors.engine().suggest(query, members=is_member(request.user))
    except SearchUnavailable:
        logger.exception("The search engine did not answer")
        return JsonResponse({"results": [], "unavailable": True})
    for result in results:
        result["kind_label"] = str(KIND_SINGULAR.get(result.get("kind"), ""))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = (
        "private, max-age=60" if request.user.is_authenticated else "max-age=60"
    )
    return response
