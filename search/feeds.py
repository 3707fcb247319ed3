"""Atom and RSS feeds of practices: the 50 latest, or of any search.

    /<lang>/feeds/practices/?theme=integration&country=FR      Atom 1.0
    /<lang>/feeds/practices/rss/?q=mentoring                   RSS 2.0

The query takes the search page's parameters, validated as the search page does (unknown
ones ignored, a value that no longer exists dropped); whatever its `sort` and `page`, a feed
is the newest 50 practices of its search. Each entry is the practice's version in the feed's
language when there is one, else its original, with its summary, its themes as categories,
its organisation as author, and `updated` from that version's last publication. The index
holds live, public practices only, and entries are checked against the database once more,
so that a practice unpublished a moment ago is not in the feed while its index job waits.
"""

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from practices.models import PracticePage
from search.facets import FACETS_BY_NAME
from search.params import InvalidParameter, parse_link_params
from search.service import search_practices

FEED_SIZE = 50
MAX_AGE_SECONDS = 300
FEED_PARAMETERS_DROPPED = {"sort": None, "page": None, "page_size": None}
conditional = decorator_from_middleware(ConditionalGetMiddleware)


def search_params(request):
    params, _stale = parse_link_params(request.GET, language=get_language())
    return replace(params, sort="newest", page=1, page_size=FEED_SIZE)


def feed_query(params):
    """The query string of the search a feed follows, without what a feed ignores."""
    items = params.query_items(**FEED_PARAMETERS_DROPPED)
    return "?" + urlencode(items) if items else ""


class PracticeFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            response = conditional(super().__call__)(request, *args, **kwargs)
        except InvalidParameter as error:
            return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return response

    def get_object(self, request, *args, **kwargs):
        params = search_params(request)
        result = search_practices(params)
        ids = [hit["id"] for hit in result.hits if hit["id"]]
        pages = PracticePage.objects.live().public().in_bulk(ids)
        hits = [{**hit, "page": pages[hit["id"]]} for hit in result.hits if hit["id"] in pages]
        return {"params": params, "hits": hits, "request": request}

    def title(self, search):
        words = search["params"].q
        if words:
            return _("Good practices: %s") % words
        return _("Good practices: the latest")

    def subtitle(self, search):
        return _("The newest practices of the Good Practice Knowledge Base for this search.")

    description = subtitle

    def link(self, search):
        return reverse("search") + feed_query(search["params"])

    def feed_url(self, search):
        return search["request"].path + feed_query(search["params"])

    def language(self, search):
        return search["params"].lang

    def items(self, search):
        return search["hits"]

    def item_title(self, hit):
        return hit["title"]

    def item_description(self, hit):
        return hit["summary"]

    def item_link(self, hit):
        return hit["url"]

    def item_author_name(self, hit):
        return hit["organisation_name"] or None

    def item_categories(self, hit):
        return list(FACETS_BY_NAME["theme"].labels(hit["themes"], get_language()).values())

    def item_pubdate(self, hit):
        return hit["page"].first_published_at

    def item_updateddate(self, hit):
        return hit["page"].last_published_at


class PracticeRssFeed(PracticeFeed):
    feed_type = Rss201rev2Feed


def feed_links(params=None, **filters):
    """The addresses of the Atom and RSS feeds of a search (`params`) or of `filters`."""
    query = feed_query(params) if params else ("?" + urlencode(filters) if filters else "")
    return {"atom": reverse("practice_feed") + query, "rss": reverse("practice_feed_rss") + query}
