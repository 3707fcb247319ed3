"""The map of practices: live practices per country on a map of Europe, each country a link
to the search filtered by it, with a table of the same figures.

The figures are the search's own country facet (a search with no words and no filter), so
the map and the search can never disagree.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from search import atlas
from search.facets import FACETS_BY_NAME
from search.params import parse_search_params
from search.service import search_practices

SHADES = 4  # the map's colour classes, from a few practices to the most


def country_counts(language):
    """{ISO code: live practices} and {ISO code: country name in `language`}, from the
    country facet of a search for everything."""
    result = search_practices(parse_search_params({"page_size": ["1"]}, language=language))
    facet = next(facet for facet in result.facets if facet.name == "country")
    return ({value.value: value.count for value in facet.values if value.count},
            {value.value: value.label for value in facet.values})


def shade(count, most):
    return 1 + min(SHADES - 1, (SHADES * (count - 1)) // max(1, most)) if count else 0


def search_url(code):
    return reverse("search") + "?" + urlencode({"country": code})


@require_GET
def map_page(request):
    language = get_language()
    counts, labels = country_counts(language)
    names = FACETS_BY_NAME["country"].labels([shape.code for shape in atlas.europe()
                                               if shape.code], language)
    most = max(counts.values(), default=0)
    shapes = [
        {"code": shape.code, "name": names.get(shape.code, shape.name), "path": shape.path,
         "count": counts.get(shape.code, 0), "shade": shade(counts.get(shape.code, 0), most),
         "url": search_url(shape.code) if counts.get(shape.code) else None}
        for shape in atlas.europe()
    ]
    rows = sorted(
        ({"code": code, "name": labels.get(code, code), "count": count, "url": search_url(code)}
         for code, count in counts.items()),
        key=lambda row: (-row["count"], row["name"]),
    )
    drawn = {shape["code"] for shape in shapes}
    return render(request, "search/map.html", {
        "shapes": sorted(shapes, key=lambda shape: bool(shape["url"])),  # links drawn on top
        "rows": rows,
        "off_map": [row for row in rows if row["code"] not in drawn],
        "view_box": atlas.view_box(),
        "total": sum(counts.values()),
    })
