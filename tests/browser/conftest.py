"""Fixtures for the browser journeys: Debian's Chromium driven by Playwright against the site
that pytest-django's `live_server` serves from this run's database and search index.

One browser for the whole session; each test opens contexts of its own (a partner, an
editor and a visitor do not share cookies). Data is committed (`transactional_db`) so that
the server thread and the Celery worker see it; `serialized_rollback` brings back what the
migrations created (the site tree, the vocabularies, the workflow) after each test's flush.
"""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import Theme
from search.client import get_client
from search.index_admin import alias_targets, rebuild

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium dials out at start, and the closed
# network of the test machines refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
# Playwright's waits, in milliseconds: generous, as the machines running this are loaded.
EXPECT_TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, shared by every journey of the session."""
    # Playwright's synchronous API runs an event loop in this thread, which Django
    # would take for async code calling the ORM; the test code itself is synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a context of its own: `new_page(java_script_enabled=False)`.

    When the journey fails, every page it opened is saved under test-artifacts/.
    """
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for number, context in enumerate(contexts):
        if getattr(request.node, "journey_failed", False):
            for page in context.pages:
                save_screenshot(page, f"{request.node.name}-failed-{number}")
        context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot of a journey's step under test-artifacts/."""

    return lambda page, step: save_screenshot(page, f"{request.node.name}-{step}")


def save_screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    name = name.replace("[", "-").replace("]", "")
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


# The practices the search journeys browse: few enough to count by hand.
#   theme "integration" or "disability":                 1 2 3 4 6 7  (6)
#   ... and country BE:                                  1 2 3     7  (4)
SEARCH_PRACTICES = [
    ("Bakery apprenticeships", ["integration"], ["BE"]),
    ("Cycle repair workshop", ["integration", "social-economy"], ["BE", "FR"]),
    ("Digital skills café", ["disability"], ["BE"]),
    ("Employer mentoring", ["disability", "integration"], ["FR"]),
    ("Food cooperative", ["social-economy"], ["BE"]),
    ("Garden of work", ["integration"], ["DE"]),
    ("Housing first coaching", ["disability"], ["BE", "DE"]),
]


@pytest.fixture
def searchable_practices(practice_index):
    """The practices above, live, in the database and in a rebuilt index; by title."""
    organisation = OrganisationPageFactory(title="Atelier Solidaire", country="BE",
                                           description="A work-integration social enterprise.")
    practices = {
        title: PracticePageFactory(
            organisation=organisation, title=title, countries=countries,
            themes=list(Theme.objects.filter(slug__in=themes)),
            summary=f"{title}: a training pathway towards work for adults.",
        )
        for title, themes, countries in SEARCH_PRACTICES
    }  # fmt: skip
    rebuild()
    get_client().indices.refresh(index=alias_targets())
    return practices
