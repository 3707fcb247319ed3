"""What every answer under /api/ goes through, whoever wrote it (the NinjaAPI, Django's
URL resolver or error handlers, another middleware such as a rate limit).

- An error status (404 for an unknown path, 405 for an undeclared method, 429, 500, …) is
  JSON `{"error", "parameter"}`, never an HTML page.
- HEAD is answered as GET without the body; OPTIONS (other than a CORS preflight, which
  django-cors-headers answers before this) lists the methods in `Allow`.
- A successful GET carries `Cache-Control` and an `ETag` (the hash of its body), and a
  request whose `If-None-Match` matches it gets a 304.

Put `ApiMiddleware` after `corsheaders.middleware.CorsMiddleware` (which then adds its
headers to these answers too) and before every middleware that may answer an API request
itself; `PagesLocaleMiddleware` replaces Django's LocaleMiddleware.
"""

from http import HTTPStatus

from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MAX_AGE_SECONDS = 60


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if not route_exists(request.path_info):
            response = HttpResponse(status=404)
        elif request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
        else:
            if head:
                request.method = "GET"
            response = self.get_response(request)
        response = json_error(response)
        if request.method == "GET" and response.status_code == 200:
            response = cacheable(request, response)
        if head:
            request.method = "HEAD"
            response.content = b""
        return response


class PagesLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that an API answer of 404 stays one: Django would
    redirect it to the same path under a language prefix, where Wagtail serves pages."""

    def process_response(self, request, response):
        if request.path_info.startswith(API_PREFIX):
            patch_vary_headers(response, ["Accept-Language"])
            return response
        return super().process_response(request, response)


def route_exists(path):
    """Whether `path` (or the same with the slash that CommonMiddleware would add) is an API
    route: else LocaleMiddleware would redirect it into a language's pages."""
    for candidate in (path, path + "/"):
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


def json_error(response):
    """The response, or for an error status that is not JSON yet, a JSON one like it."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"):
        return response
    reason = HTTPStatus(response.status_code).phrase if response.status_code in iter(
        HTTPStatus) else "Error"
    answer = JsonResponse({"error": reason, "parameter": None}, status=response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            answer[header] = response[header]
    if response.status_code == 405 and "Allow" not in answer:
        answer["Allow"] = ALLOWED_METHODS
    return answer


def cacheable(request, response):
    """Cache-Control and ETag on a successful answer; 304 when the client has it."""
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    patch_vary_headers(response, ["Accept-Language"])
    if not response.streaming:
        set_response_etag(response)
    conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
    return conditional



