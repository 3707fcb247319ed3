"""The NinjaAPI of /api/v1/ and what it answers when a request cannot be served.

Every refusal is JSON `{"error", "parameter"}`: a parameter of the wrong type (pydantic's
check) or one that cannot be searched with (search.params) is a 400 naming it. Statuses that
Django or another middleware answers (404 for an unknown path, 405, 429, 500) are made JSON
by `search.api.http.ApiMiddleware`.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from search.params import InvalidParameter

from .endpoints import router

api = NinjaAPI(
    title="Good Practice Knowledge Base API",
    version="1",
    description="Search, completions, the public record of each practice, and the harvest of "
                "every practice. Read-only; CORS for GET from any origin, without credentials.",
    urls_namespace="api_v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)
api.add_router("", router)


@api.exception_handler(InvalidParameter)
def invalid_parameter(request, error):
    return api.create_response(
        request, {"error": error.message, "parameter": error.parameter}, status=400)


@api.exception_handler(ValidationError)
def invalid_type(request, error):
    """Pydantic's first complaint about a parameter, as a 400 that names it."""
    first = error.errors[0]
    location = [str(part) for part in first.get("loc", ())]
    parameter = location[1] if len(location) > 1 else None
    message = _("Invalid value for %(parameter)s: %(reason)s.") % {
        "parameter": parameter, "reason": first.get("msg", "")}
    return api.create_response(request, {"error": message, "parameter": parameter}, status=400)
