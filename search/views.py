from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.contrib.search_promotions.models import Query

from search.selectors import searchable_pages_for

MAX_QUERY_LENGTH = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = []
    page_obj = None
    if query:
        results = searchable_pages_for(request.user).search(query)
        Query.get(query).add_hit()
        page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
