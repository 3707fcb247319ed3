"""A per-client rate limit on the JSON API (every path under /api/), whatever serves it.

`API_RATE_LIMIT` (default 120 requests a minute) per client address (kb/client_address.py),
counted in the cache by django-ratelimit in fixed windows. Past it, the answer is 429 with
`Retry-After` (the seconds left in the window) and a JSON body, as every API error is JSON.
With the cache down nothing can be counted and requests go through (`RATELIMIT_FAIL_OPEN`).
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from kb.client_address import client_address

API_PREFIX = "/api/"
RATE_LIMIT_GROUP = "api"


def api_usage(request):
    return get_usage(
        request,
        group=RATE_LIMIT_GROUP,
        key=lambda _group, request: client_address(request),
        rate=settings.API_RATE_LIMIT,
        increment=True,
    )


class ApiRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            usage = api_usage(request)
            if usage is not None and usage["should_limit"]:
                return too_many_requests(usage["time_left"])
        return self.get_response(request)


def too_many_requests(retry_after):
    retry_after = max(1, int(retry_after))
    response = JsonResponse(
        {
            "error": _("Too many requests: at most %(rate)s from one address. "
                       "Try again in %(seconds)d seconds.")
            % {"rate": settings.API_RATE_LIMIT, "seconds": retry_after},
            "parameter": None,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
