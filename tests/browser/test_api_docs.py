"""The API's documentation renders in a browser under the site's Content-Security-Policy,
from the site's own static files."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_api_documentation_lists_every_operation(new_page, live_server):
    page = new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None)

    page.goto("/api/v1/docs/")

    for path in ["/api/v1/search/", "/api/v1/suggest/", "/api/v1/practices/",
                 "/api/v1/practices/{source_id}/"]:
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    assert refused == []
    assert outside == []
