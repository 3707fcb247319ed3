"""Schemathesis hooks for the API's contract test (loaded through SCHEMATHESIS_HOOKS).

Two rules of the search operation relate two parameters, which OpenAPI cannot express, and
are documented in their descriptions: `year_from` is not after `year_to`, and `page` ×
`page_size` stays within the 10,000 results Elasticsearch pages through. Cases that break
them are answered 400, rightly; they are brought within the rules here, so that the
positive-data check only sends requests that a careful client could send. The harvest's
`cursor` is opaque
(format `kb-cursor`): valid ones are what the API writes in its `next` links.
"""

import base64
import json
from datetime import UTC, datetime

import schemathesis
from hypothesis import strategies as st

MAX_RESULT_WINDOW = 10_000


def as_int(value):
    """A whole number given as one or as its digits (the coverage phase sends text)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Bring a search case within the two rules (in every phase: the coverage phase applies
    no filter hook); a case that breaks the schema elsewhere still does."""
    query = case.query
    if not isinstance(query, dict) or case.operation.path != "/api/v1/search/":
        return
    year_from, year_to = as_int(query.get("year_from")), as_int(query.get("year_to"))
    if year_from is not None and year_to is not None and year_from > year_to:
        query["year_from"], query["year_to"] = year_to, year_from
    page, page_size = as_int(query.get("page")), as_int(query.get("page_size")) or 20
    if page is not None and 1 <= page_size and page * page_size > MAX_RESULT_WINDOW:
        query["page"] = max(1, MAX_RESULT_WINDOW // page_size)


def encoded_cursor(moment, pk):
    """A cursor as search/api/publication.py writes it."""
    text = json.dumps({"t": moment.isoformat(), "id": pk})
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


schemathesis.openapi.format("kb-cursor", st.builds(
    encoded_cursor,
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                 timezones=st.just(UTC)),
    st.integers(min_value=0, max_value=2**63 - 1),
))
