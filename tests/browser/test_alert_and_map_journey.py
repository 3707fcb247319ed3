"""A visitor subscribes to an alert for the search they made (the link follows the filters
chosen with JavaScript), confirms it from the mail and unsubscribes in one click; another
finds practices by country on the map with the keyboard alone. axe-core finds no serious or
critical violation on the map nor on the alert's pages."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import Alert
from tests.browser.test_accessibility import is_focused, serious_violations, tab_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_subscribe_to_an_alert_confirm_and_unsubscribe(searchable_practices, new_page,
                                                       screenshot):
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    page.goto("/en/search/")
    disability = page.get_by_role("checkbox", name="Disability")
    disability.check()  # results update in place
    expect(page.locator("#search-status")).to_have_text("3 results")
    page.get_by_role("link", name="Get an e-mail when new practices match this search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail alert for this search")
    expect(page.locator(".alert-search")).to_contain_text("Theme: Disability")
    assert serious_violations(page) == []
    page.get_by_label("Your e-mail address").fill("visitor@example.org")
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    screenshot(page, "check-inbox")

    [confirmation] = mail.outbox
    assert confirmation.to == ["visitor@example.org"]
    link = re.search(r"http://\S+(/en/alerts/confirm/\S+/)", confirmation.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alert is on")
    assert serious_violations(page) == []
    assert Alert.objects.get().frequency == "daily"

    page.get_by_role("link", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert not Alert.objects.exists()
    screenshot(page, "unsubscribed")


def test_the_map_with_the_keyboard(searchable_practices, new_page, screenshot):
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    page.goto("/en/")
    page.get_by_role("link", name="Map of practices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map of practices")
    assert serious_violations(page) == []

    belgium = page.get_by_role("link", name="Belgium: 5 practices")
    tab_to(page, belgium)
    assert is_focused(belgium)
    screenshot(page, "belgium-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?country=BE$"))
    expect(page.locator("#search-status")).to_have_text("5 results")

    page.goto("/en/map/")
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name="Belgium 5")).to_be_visible()
    expect(table.get_by_role("row", name="Germany 2")).to_be_visible()
