"""The public JSON API of practice search: search, completions, and its OpenAPI description.

    GET /api/v1/search/?q=mentoring&theme=integration&country=BE&country=FR
    GET /api/v1/suggest/?q=ment
    GET /api/v1/schema/

A parameter that cannot be searched with is answered 400 {"error", "parameter"}; labels are in
the language of `lang`, else of the Accept-Language header.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from search.facets import FACETS
from search.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_SUGGEST_LENGTH,
    SORTS,
    InvalidParameter,
    parse_language,
    parse_search_params,
)
from search.queries import search_practices, suggest_titles

RESULT_FIELDS = (
    "id", "source_id", "title", "url", "summary", "highlight", "language", "themes",
    "countries", "target_groups", "pathway_stages", "funding_programmes", "organisation",
    "start_year", "end_year",
)  # fmt: skip
SUGGEST_PARAMETERS = ("q", "lang")
MAX_SUGGESTIONS = 10


def request_language(request):
    return translation.get_language_from_request(request, check_path=False)


def invalid(error):
    return JsonResponse({"error": error.message, "parameter": error.parameter}, status=400)


@require_GET
def search_view(request):
    try:
        params = parse_search_params(request.GET, language=request_language(request))
        result = search_practices(params)
    except InvalidParameter as error:
        return invalid(error)
    return JsonResponse(result_payload(result))


def result_payload(result):
    return {
        "total": result.total,
        "page": result.params.page,
        "page_size": result.params.page_size,
        "results": [{name: hit[name] for name in RESULT_FIELDS} for hit in result.hits],
        "facets": {
            facet.name: [
                {"value": item.value, "label": item.label, "count": item.count,
                 "selected": item.selected}
                for item in facet.values
            ]
            for facet in result.facets
        },
        "suggestion": result.suggestion,
        "relaxations": [{"parameter": name, "total": total} for name, total in result.relaxations],
        "backend": result.backend,
    }


@require_GET
def suggest_view(request):
    try:
        unknown = sorted(set(request.GET) - set(SUGGEST_PARAMETERS))
        if unknown:
            raise InvalidParameter(unknown[0], f"Unknown parameter: {unknown[0]}.")
        text = request.GET.get("q", "").replace("\x00", "").strip()
        if len(text) > MAX_SUGGEST_LENGTH:
            raise InvalidParameter("q", f"q is too long (at most {MAX_SUGGEST_LENGTH} characters).")
        parse_language(request.GET, request_language(request))
    except InvalidParameter as error:
        return invalid(error)
    suggestions = suggest_titles(text, limit=MAX_SUGGESTIONS) if text else []
    return JsonResponse({"q": text, "suggestions": suggestions})


@require_GET
def schema_view(request):
    return JsonResponse(openapi_schema())


def query_parameter(name, description, schema, repeatable=False):
    parameter = {"name": name, "in": "query", "required": False, "description": description}
    if repeatable:
        parameter.update(schema={"type": "array", "items": schema}, style="form", explode=True)
    else:
        parameter["schema"] = schema
    return parameter


def search_parameters():
    year = {"type": "integer", "minimum": 1000, "maximum": 9999}
    language = {"type": "string", "enum": [code for code, _name in settings.LANGUAGES]}
    return [
        query_parameter("q", "Words to find; \"quoted phrases\", -excluded words.",
                        {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
        *(query_parameter(facet.name, f"{facet.label}: repeat for several values (OR).",
                          {"type": "string"}, repeatable=True) for facet in FACETS),
        query_parameter("year_from", "Practices still active in or after this year.", year),
        query_parameter("year_to", "Practices started in or before this year.", year),
        query_parameter("sort", "Order of results.",
                        {"type": "string", "enum": list(SORTS), "default": "relevance"}),
        query_parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
        query_parameter("page_size", "Results per page.", {
            "type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE}),
        query_parameter("lang", "Language of labels (default: Accept-Language).", language),
    ]


def openapi_schema():
    """The OpenAPI 3 description of this API, built from the same whitelist the API checks."""
    strings = {"type": "array", "items": {"type": "string"}}
    nullable_year = {"type": ["integer", "null"]}
    result = {"type": "object", "properties": {
        "id": {"type": "integer"}, "source_id": {"type": "string"}, "title": {"type": "string"},
        "url": {"type": "string"}, "summary": {"type": "string"},
        "highlight": {"type": ["string", "null"],
                      "description": "HTML-escaped passage, matches in <mark>."},
        "language": {}, "themes": strings, "countries": strings, "target_groups": strings,
        "pathway_stages": strings, "funding_programmes": strings,
        "organisation": {"type": ["string", "null"]},
        "start_year": nullable_year, "end_year": nullable_year,
    }, "required": list(RESULT_FIELDS)}
    facet_value = {"type": "object", "required": ["value", "label", "count", "selected"],
                   "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                                  "count": {"type": "integer"}, "selected": {"type": "boolean"}}}
    error = {"type": "object", "required": ["error", "parameter"],
             "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}}}
    search_answer = {"type": "object", "required": [
        "total", "page", "page_size", "results", "facets", "backend"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"},
        "page_size": {"type": "integer"}, "results": {"type": "array", "items": result},
        "facets": {"type": "object", "properties": {
            facet.name: {"type": "array", "items": facet_value} for facet in FACETS}},
        "suggestion": {"type": ["string", "null"], "description": "Did you mean…"},
        "relaxations": {"type": "array", "items": {"type": "object", "properties": {
            "parameter": {"type": "string"}, "total": {"type": "integer"}}}},
        "backend": {"type": "string", "enum": ["elasticsearch", "database"]},
    }}
    suggest_answer = {"type": "object", "properties": {"q": {"type": "string"}, "suggestions": {
        "type": "array", "maxItems": MAX_SUGGESTIONS, "items": {"type": "object", "properties": {
            "text": {"type": "string"}, "url": {"type": "string"}}}}}}
    bad_request = {"description": "A parameter cannot be searched with.",
                   "content": {"application/json": {"schema": error}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Good Practice Knowledge Base search API", "version": "1"},
        "paths": {
            "/api/v1/search/": {"get": {
                "operationId": "searchPractices", "summary": "Search practices, with facets.",
                "parameters": search_parameters(),
                "responses": {"200": {"description": "Results and facet counts.",
                                      "content": {"application/json": {"schema": search_answer}}},
                              "400": bad_request}}},
            "/api/v1/suggest/": {"get": {
                "operationId": "suggestPractices", "summary": "Practice titles completing q.",
                "parameters": [
                    query_parameter("q", "The beginning of a title.",
                                    {"type": "string", "maxLength": MAX_SUGGEST_LENGTH}),
                    search_parameters()[-1]],
                "responses": {"200": {"description": "At most ten completions.",
                                      "content": {"application/json": {"schema": suggest_answer}}},
                              "400": bad_request}}},
        },
    }
