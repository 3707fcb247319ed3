"""The operations of /api/v1/: search, completions, one practice's record, the harvest.

Search parameters are declared in `schemas.SearchQuery` (for the schema and a first check of
their types) and validated by `search.params`, the same rules as the search page's, so that
the API and the page never disagree about what can be searched with.
"""

from datetime import UTC
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from search.analytics import count_search
from search.facets import FACETS
from search.params import (
    MAX_RESULT_WINDOW,
    MAX_SUGGEST_LENGTH,
    InvalidParameter,
    last_page,
    parse_language,
    parse_search_params,
)
from search.service import search_practices, suggest_titles

from . import publication
from .schemas import (
    MAX_SUGGESTIONS,
    RESULT_FIELDS,
    Error,
    HarvestPage,
    HarvestQuery,
    PublicPractice,
    RecordQuery,
    SearchAnswer,
    SearchQuery,
    SuggestAnswer,
    SuggestQuery,
)

router = Router()
# Every operation may also be refused 429 by the per-client rate limit
# (kb/api_rate_limit.py), which answers before the operation runs.
SUGGEST_PARAMETERS = ("q", "lang")
HARVEST_PARAMETERS = ("updated_since", "cursor", "page_size", "lang")


def request_language(request):
    return translation.get_language_from_request(request, check_path=False)


def refuse_unknown(request, known):
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise InvalidParameter(unknown[0], _("Unknown parameter: %s.") % unknown[0])


def refuse_inexact_values(request):
    """A facet value must be one the schema lists, as written: the search page forgives
    blanks, spaces and lower-case country codes, an API client is told."""
    for facet in FACETS:
        for value in request.GET.getlist(facet.name):
            if value not in facet.known_values():
                raise InvalidParameter(facet.name, _(
                    "Unknown value for %(parameter)s: %(value)s.")
                    % {"parameter": facet.name, "value": value[:100]})


def in_utc(moment, parameter):
    """`moment` in UTC (a moment without an offset is taken as UTC); InvalidParameter when
    it cannot be one (year 1 minus an offset)."""
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        raise InvalidParameter(parameter, _("%s is out of range.") % parameter) from None


def page_link(request, items):
    return request.build_absolute_uri(request.path + ("?" + urlencode(items) if items else ""))


@router.get("/search/", response={200: SearchAnswer, 400: Error, 404: Error, 429: Error},
            operation_id="searchPractices", summary="Search practices, with facets",
            description="A page past the last page of results is 404.")
def search(request, query: Query[SearchQuery]):
    refuse_inexact_values(request)
    params = parse_search_params(request.GET, language=request_language(request))
    try:
        result = search_practices(params)
    except InvalidParameter as error:  # a page past the last: known once the results are
        return Status(404, {"error": error.message, "parameter": error.parameter})
    count_search(params.q, params.lang, result.total, page=params.page)
    return search_answer(request, result)


def search_answer(request, result):
    params = result.params
    language = [("lang", params.lang)] if "lang" in request.GET else []
    pages = min(last_page(result.total, params.page_size), MAX_RESULT_WINDOW // params.page_size)
    hits = [{name: hit[name] for name in RESULT_FIELDS} for hit in result.hits]
    for hit in hits:
        hit["url"] = request.build_absolute_uri(hit["url"])
    return {
        "total": result.total,
        "page": params.page,
        "page_size": params.page_size,
        "results": hits,
        "facets": {facet.name: facet.values for facet in result.facets},
        "suggestion": result.suggestion,
        "relaxations": [{"parameter": name, "total": total}
                        for name, total in result.relaxations],
        "backend": result.backend,
        "next": page_link(request, params.query_items(page=params.page + 1) + language)
        if params.page < pages else None,
        "previous": page_link(request, params.query_items(
            page=params.page - 1 if params.page > 2 else None) + language)
        if params.page > 1 else None,
    }  # fmt: skip


@router.get("/suggest/", response={200: SuggestAnswer, 400: Error, 429: Error},
            operation_id="suggestPractices", summary="Practice titles completing q")
def suggest(request, query: Query[SuggestQuery]):
    refuse_unknown(request, SUGGEST_PARAMETERS)
    text = request.GET.get("q", "").replace("\x00", "").strip()
    if len(text) > MAX_SUGGEST_LENGTH:
        raise InvalidParameter(
            "q", _("q is too long (at most %d characters).") % MAX_SUGGEST_LENGTH)
    language = parse_language(request.GET, request_language(request))
    suggestions = suggest_titles(text, limit=MAX_SUGGESTIONS, language=language) if text else []
    return {"q": text, "suggestions": [
        {"text": item["text"], "url": request.build_absolute_uri(item["url"])}
        for item in suggestions]}


@router.get("/practices/{source_id}/",
            response={200: PublicPractice, 400: Error, 404: Error, 429: Error},
            operation_id="getPractice", summary="The public record of one practice")
def practice(request, source_id: Path[str], query: Query[RecordQuery]):
    """`source_id` is the practice's source identifier, or the page id of any of its
    versions."""
    refuse_unknown(request, ("lang",))
    language = parse_language(request.GET, request_language(request))
    found = publication.find_public_practice(source_id)
    record = found and publication.public_record(found, language, request.build_absolute_uri)
    if not record:
        return Status(404, {"error": _("No public practice has this identifier."),
                            "parameter": "source_id"})
    return record


@router.get("/practices/", response={200: HarvestPage, 400: Error, 429: Error},
            operation_id="harvestPractices", summary="Every live practice, oldest change first",
            description="Follow `next` to the end to read every practice; with "
                        "`updated_since`, only those changed since.")
def harvest(request, query: Query[HarvestQuery]):
    refuse_unknown(request, HARVEST_PARAMETERS)
    language = parse_language(request.GET, request_language(request))
    since = in_utc(query.updated_since, "updated_since") if query.updated_since else None
    after = publication.decode_cursor(query.cursor) if query.cursor else None
    practices = publication.harvest(since, after, query.page_size)
    more = len(practices) > query.page_size
    practices = practices[: query.page_size]
    records = [publication.public_record(item, language, request.build_absolute_uri)
               for item in practices]
    following = None
    if more:
        items = [(name, request.GET[name]) for name in HARVEST_PARAMETERS
                 if name in request.GET and name != "cursor"]
        following = page_link(request, items + [
            ("cursor", publication.encode_cursor(practices[-1]))])
    return {"results": [record for record in records if record], "next": following}
