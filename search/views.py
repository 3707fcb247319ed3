"""The search page: a GET form with facets, usable without JavaScript, in the visitor's language.

`search/static/search/search.js` enhances it (results without a full reload, completions),
fetching this same page and swapping its regions, so there is one rendering of results.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from search.analytics import count_search
from search.facets import FACETS_BY_NAME
from search.params import (
    DEFAULT_PAGE_SIZE,
    InvalidParameter,
    last_page,
    parse_link_params,
)
from search.query_text import MAX_WORDS, searched_part
from search.results import YEAR_RANGE
from search.service import search_practices


def sort_choices():
    return [("relevance", _("Relevance")), ("newest", _("Newest")), ("title", _("Title A–Z"))]


def query_string(items):
    return "?" + urlencode(items) if items else "?"


@require_GET
def search_page(request):
    try:
        params, stale = parse_link_params(request.GET, language=get_language())
        result = search_practices(params)
    except InvalidParameter as error:
        context = {"error": error.message, "error_parameter": error.parameter,
                   "q": request.GET.get("q", "")[:500], "sort_choices": sort_choices()}
        return render(request, "search/search.html", context, status=400)
    count_search(params.q, params.lang, result.total, page=params.page)
    context = {**page_context(params, result), "stale_filters": stale_filter_labels(stale)}
    return render(request, "search/search.html", context)


def stale_filter_labels(stale):
    """'Theme: old-slug' for each value of an old link that no longer exists."""
    return [f"{FACETS_BY_NAME[name].label}: {value}" for name, value in stale]


def page_context(params, result):
    labels = {
        facet.name: {item.value: item.label for item in facet.values} for facet in result.facets
    }
    return {
        "params": params,
        "result": result,
        "q": params.q,
        "words_left_out": searched_part(params.q) != params.q,
        "max_words": MAX_WORDS,
        "sort_choices": sort_choices(),
        "page_size_is_default": params.page_size == DEFAULT_PAGE_SIZE,
        "facets": [facet for facet in result.facets if facet.values],
        "chips": chips(params, labels),
        "clear_all_url": query_string(params.query_items(
            **{name: None for name, _values in params.filters}, year_from=None, year_to=None,
            page=None)),
        "hits": [with_country_names(hit) for hit in result.hits],
        "pages": pagination(params, result.total),
        "suggestion_url": query_string(params.query_items(q=result.suggestion, page=None))
        if result.suggestion else None,
        "relaxations": [
            {"label": filter_label(name, result), "total": total,
             "url": query_string(without_filter(params, name))}
            for name, total in result.relaxations
        ],
    }


def with_country_names(hit):
    return dict(hit, country_names=[countries.name(code) or code for code in hit["countries"]])


def filter_label(name, result):
    if name == YEAR_RANGE:
        return _("Years")
    return next(facet.label for facet in result.facets if facet.name == name)


def without_filter(params, name):
    if name == YEAR_RANGE:
        return params.query_items(year_from=None, year_to=None, page=None)
    return params.query_items(**{name: None}, page=None)


def chips(params, labels):
    """Each selected filter, with the URL that removes it."""
    found = []
    for name, values in params.filters:
        for value in sorted(values):
            found.append({
                "label": labels[name].get(value, value),
                "url": query_string(params.query_items(**{name: values - {value}}, page=None)),
            })
    if params.has_year_range:
        years = f"{params.year_from or '…'}–{params.year_to or '…'}"
        found.append({"label": years, "url": query_string(without_filter(params, YEAR_RANGE))})
    return found


def pagination(params, total):
    last = last_page(total, params.page_size)
    if last == 1:
        return None
    numbers = sorted({1, last, *range(max(1, params.page - 2), min(last, params.page + 2) + 1)})
    return {
        "previous": query_string(params.query_items(page=params.page - 1))
        if params.page > 1 else None,
        "next": query_string(params.query_items(page=params.page + 1))
        if params.page < last else None,
        "numbers": [
            {"number": number, "url": query_string(params.query_items(page=number)),
             "current": number == params.page}
            for number in numbers
        ],
        "last": last,
    }
