"""A partner's practice, from the admin's editor to the public search, through the
"Editorial review" workflow: written with an attachment, sent back with a comment by the
secretariat, corrected, approved in both steps, then indexed by a real Celery worker."""

import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from practices.factories import OrganisationPageFactory, PartnerUserFactory, SecretariatUserFactory
from practices.models import PracticePage

from .admin import choose_from_action_menu, log_in, workflow_action

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Repair café apprenticeships"
COMMENT = "Please add figures on how many participants found a job."
SEARCH_DEADLINE_SECONDS = 30
AUTOSAVE_DEADLINE_SECONDS = 30
# The smallest well-formed PDF: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def write_practice(page, organisation):
    # Wagtail's editor takes the form as it stands two seconds after loading as its unchanged
    # state: what a fast hand types before then is never autosaved. Type once it watches.
    page.add_init_script(
        "addEventListener('w-unsaved:watch-edits', () => { window.watchingEdits = true; })")
    page.goto(f"/admin/pages/{organisation.pk}/add_subpage/")
    page.wait_for_function("() => window.watchingEdits === true")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Young people repair appliances with a technician.")
    page.get_by_role("button", name="Add attachments").click()
    page.get_by_role("button", name="Choose a document").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.get_by_label("Title").fill("Evaluation report")
    chooser.get_by_label("File").set_input_files(
        files=[{"name": "evaluation.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    chooser.get_by_role("button", name="Upload").click()
    expect(page.locator("#id_attachments-0-document-title")).to_have_text("Evaluation report")

    page.get_by_role("tab", name="Facts").click()
    # Themes are a controlled vocabulary: the tag field only takes what it completes.
    page.locator("#id_themes ~ ul.tagit .tagit-new input").type("Disab")
    page.locator(".ui-autocomplete .ui-menu-item", has_text="Disability").click()
    expect(page.locator("#id_themes")).to_have_value("Disability")
    page.get_by_label("Young people").check()
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug").fill("repair-cafe-apprenticeships")


def test_practice_goes_through_review_to_search(
    practice_index, indexing_worker, new_page, screenshot
):
    organisation = OrganisationPageFactory(title="Atelier Solidaire", country="BE")
    partner = PartnerUserFactory(organisation=organisation, email="partner@atelier.example")
    editor = SecretariatUserFactory(email="editor@secretariat.example")
    partner_page, editor_page, visitor_page = new_page(), new_page(), new_page()

    log_in(partner_page, partner)
    write_practice(partner_page, organisation)
    choose_from_action_menu(partner_page, "Submit to Editorial review")
    expect(partner_page.locator(".messages")).to_contain_text("submitted")
    practice = PracticePage.objects.get(title=TITLE)
    assert not practice.live

    log_in(editor_page, editor)
    expect(editor_page.get_by_text(TITLE)).to_be_visible()
    workflow_action(editor_page, practice, "Request changes", comment=COMMENT)
    assert COMMENT in next(m.body for m in mail.outbox if m.to == ["partner@atelier.example"])

    workflow_state = practice.workflow_states.get()
    partner_page.goto(
        f"/admin/pages/{practice.pk}/workflow_history/detail/{workflow_state.pk}/")
    expect(partner_page.get_by_text(COMMENT).first).to_be_visible()
    partner_page.goto(f"/admin/pages/{practice.pk}/edit/")
    partner_page.locator("#id_outcomes").fill(
        "42 of 60 participants found a job.")
    choose_from_action_menu(partner_page, "Resubmit to Secretariat check")
    expect(partner_page.locator(".messages")).to_contain_text("submitted")

    workflow_action(editor_page, practice, "Approve")
    workflow_action(editor_page, practice, "Approve and Publish")
    practice.refresh_from_db()
    assert practice.live
    assert practice.attachments.get().document.title == "Evaluation report"

    # The worker indexes it once the approval is committed: the visitor searches until then.
    deadline = time.monotonic() + SEARCH_DEADLINE_SECONDS
    hit = visitor_page.locator(".search-hit").filter(has_text=TITLE)
    while True:
        visitor_page.goto("/en/search/?q=repair&theme=disability&target_group=young-people")
        if hit.count() or time.monotonic() > deadline:
            break
    expect(hit).to_have_count(1)
    hit.get_by_role("link", name=TITLE).click()
    expect(visitor_page.get_by_role("link", name="Evaluation report")).to_be_visible()
    expect(visitor_page.get_by_text("42 of 60 participants found a job.")).to_be_visible()
    screenshot(visitor_page, "published")


def test_a_submit_pressed_while_autosave_creates_the_page_makes_one_page(new_page):
    """The server has created the page from the first autosave, and its answer is slow to
    come back, while the partner finishes the form and submits it."""
    organisation = OrganisationPageFactory(title="Atelier Solidaire", country="BE")
    partner = PartnerUserFactory(organisation=organisation)
    page = new_page()
    log_in(page, partner)
    held_answers = []

    def hold_first_autosave_answer(route):
        request = route.request
        is_autosave = request.method == "POST" and "json" in request.headers.get("accept", "")
        if is_autosave and not held_answers:
            held_answers.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(lambda url: "/admin/pages/add/" in url, hold_first_autosave_answer)
    write_practice(page, organisation)
    deadline = time.monotonic() + AUTOSAVE_DEADLINE_SECONDS
    while not held_answers:  # the first change's autosave is sent after half a second
        assert time.monotonic() < deadline, "the editor never autosaved the new page"
        page.wait_for_timeout(50)
    choose_from_action_menu(page, "Submit to Editorial review")
    page.wait_for_timeout(500)  # time for a submit that did not wait to reach the server
    route, answer = held_answers[0]
    route.fulfill(response=answer)

    expect(page.locator(".messages")).to_contain_text("submitted")
    assert list(PracticePage.objects.values_list("title", flat=True)) == [TITLE]
    practice = PracticePage.objects.get()
    assert practice.workflow_states.get().status == "in_progress"
    assert practice.slug == "repair-cafe-apprenticeships"
