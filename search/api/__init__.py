"""The public JSON API, /api/v1/, on django-ninja: search, completions, each practice's
record and the harvest of every practice, with its OpenAPI schema and documentation.

    GET /api/v1/search/?q=mentoring&theme=integration&country=BE&country=FR
    GET /api/v1/suggest/?q=ment
    GET /api/v1/practices/P-17/?lang=fr
    GET /api/v1/practices/?updated_since=2026-01-01T00:00:00Z&page_size=100
    GET /api/v1/schema/          # OpenAPI 3.1
    GET /api/v1/docs/            # Swagger UI, served from our static files

Dependencies flow from low-level to high-level modules: `schemas` (the pydantic shapes of
queries and answers) and `publication` (what of a practice is public, the harvest order)
← `endpoints` (the operations) ← `app` (the NinjaAPI, its error answers); `http` holds the
middleware that every `/api/` answer passes through (JSON errors, HEAD and OPTIONS,
Cache-Control and ETag).
"""

from .app import api
from .schemas import RESULT_FIELDS

__all__ = ["RESULT_FIELDS", "api"]
