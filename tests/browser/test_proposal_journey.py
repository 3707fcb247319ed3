"""A visitor proposes a practice through the public form: nothing of it is public (home,
theme listing, search page, API, its own address) until the secretariat approves it in the
admin, after which it is everywhere a practice is."""

import re
import time

import pytest
from playwright.sync_api import expect

from practices.factories import SecretariatUserFactory
from practices.models import PracticePage

from .admin import log_in, workflow_action

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Tool library run by jobseekers"
SEARCH = "/en/search/?q=tool+library"
API = "/api/v1/search/?q=tool+library"
SEARCH_DEADLINE_SECONDS = 30


def propose(page):
    page.goto("/en/practices/propose/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Jobseekers lend tools to neighbours and learn repairs.")
    page.locator("#id_description").fill("Open three days a week.\n\nA carpenter coaches them.")
    page.get_by_label("Disability").check()
    page.locator("#id_organisation_name").fill("Atelier Solidaire")
    page.locator("#id_proposer_name").fill("Camille Martin")
    page.locator("#id_proposer_email").fill("camille@example.org")
    page.locator("#id_consent").check()
    # The first proposal of a run loads the language detector's models: allow it a minute.
    page.get_by_role("button", name="Send my proposal").click(timeout=60_000)
    expect(page).to_have_url(re.compile(r"/en/practices/propose/thanks/$"), timeout=60_000)
    expect(page.get_by_text("the secretariat will review your proposal")).to_be_visible()


def public_appearances(page, practice_url):
    """Where a visitor meets the practice: {place: whether it shows there}."""
    seen = {}
    for place, url in [("home", "/en/"), ("theme listing", "/en/practices/themes/disability/"),
                       ("search page", SEARCH)]:
        page.goto(url)
        seen[place] = page.get_by_text(TITLE).count() > 0
    seen["api"] = any(hit["title"] == TITLE for hit in page.request.get(API).json()["results"])
    seen["own address"] = page.goto(practice_url).status == 200
    return seen


def test_proposal_is_public_only_after_approval(
    practice_index, indexing_worker, new_page, screenshot
):
    editor = SecretariatUserFactory()
    visitor, editor_page = new_page(), new_page()
    propose(visitor)
    practice = PracticePage.objects.get(title=TITLE)
    practice_url = f"/en/practices/propose/{practice.slug}/"
    nowhere = dict.fromkeys(["home", "theme listing", "search page", "api", "own address"], False)
    assert public_appearances(visitor, practice_url) == nowhere

    log_in(editor_page, editor)
    workflow_action(editor_page, practice, "Approve")
    workflow_action(editor_page, practice, "Approve and Publish")

    # The worker indexes it once the approval is committed.
    deadline = time.monotonic() + SEARCH_DEADLINE_SECONDS
    seen = public_appearances(visitor, practice_url)
    while not all(seen.values()) and time.monotonic() < deadline:
        seen = public_appearances(visitor, practice_url)
    assert seen == dict.fromkeys(nowhere, True)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    screenshot(visitor, "published")
