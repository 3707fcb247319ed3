"""What an alert's search is, said the way the search page says it, and what it finds.

The search is kept as the search page's own query string (without page, sort or size), and
read back as a link is (`search.params.parse_link_params`): a filter value that has since
disappeared is dropped rather than breaking the alert.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Min
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticePage
from search.facets import FACETS_BY_NAME
from search.params import MAX_PAGE_SIZE, parse_link_params
from search.service import search_practices

# A practice published this recently may not be in the index yet: the next digest has it.
INDEXING_MARGIN = timedelta(minutes=5)


def saved_query(params):
    """The query string an alert keeps for `params`."""
    return urlencode(params.query_items(page=None, sort=None, page_size=None))


def alert_params(search, language, **changes):
    items = QueryDict(search, mutable=True)
    for name, value in changes.items():
        items[name] = value
    return parse_link_params(items, language=language)[0]


def describe(search, language):
    """["mentoring", "Theme: Social and professional integration", …] for `search`."""
    params = alert_params(search, language)
    parts = [f"“{params.q}”"] if params.q else []
    for name, values in params.filters:
        facet = FACETS_BY_NAME[name]
        labels = facet.labels(values, language)
        parts.append(f"{facet.label}: {', '.join(sorted(labels.get(v, v) for v in values))}")
    if params.has_year_range:
        parts.append(f"{params.year_from or '…'}–{params.year_to or '…'}")
    return parts


def search_url(search, language):
    from django.utils import translation

    with translation.override(language):
        return reverse("search") + ("?" + search if search else "")


def new_practices(alert, until):
    """The hits of the alert's search first published in (checked_until, until]."""
    params = alert_params(alert.search, alert.language, sort="newest",
                          page_size=str(MAX_PAGE_SIZE))
    hits = search_practices(params).hits
    versions = dict(PracticePage.objects.filter(pk__in=[hit["id"] for hit in hits])
                    .values_list("pk", "translation_key"))
    first_published = dict(
        PracticePage.objects.filter(translation_key__in=versions.values())
        .values("translation_key").annotate(first=Min("first_published_at"))
        .values_list("translation_key", "first")
    )
    return [
        hit for hit in hits
        if hit["id"] in versions
        and alert.checked_until < first_published[versions[hit["id"]]] <= until
    ]


def digest_window_end():
    return timezone.now() - INDEXING_MARGIN
