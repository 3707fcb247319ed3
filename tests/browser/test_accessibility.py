"""The public pages for keyboard users and assistive technologies: the search works with
Tab, Enter and Space alone, the skip link lands in the content, and axe-core finds no
serious or critical violation on the home, search, practice and organisation pages."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

# Installed from package-lock.json by scripts/install-browser.sh.
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_TABS = 80


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator):
    """Press Tab until `locator` has the focus; fail if it never gets it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} cannot be reached with Tab")


def serious_violations(page):
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def test_search_with_the_keyboard_alone(searchable_practices, new_page, screenshot):
    page = new_page()
    page.goto("/en/search/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip_link)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    query = page.get_by_role("combobox", name="Search for")
    tab_to(page, query)
    page.keyboard.type("training")
    page.keyboard.press("Enter")
    status = page.locator("#search-status")
    expect(status).to_have_text("7 results")

    disability = page.get_by_role("checkbox", name="Disability")
    tab_to(page, disability)
    page.keyboard.press("Space")
    expect(disability).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Apply filters"))
    page.keyboard.press("Enter")
    expect(status).to_have_text("3 results")
    expect(page.get_by_role("checkbox", name="Disability")).to_be_checked()

    result = page.get_by_role("link", name="Digital skills café")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital skills café")
    screenshot(page, "practice")


def test_no_serious_accessibility_violations(searchable_practices, new_page):
    # The site's Content-Security-Policy forbids inline scripts, axe's injection included.
    page = new_page(bypass_csp=True)
    practice = searchable_practices["Digital skills café"]
    pages = {
        "home": "/en/",
        "search": "/en/search/?q=training&theme=disability",
        "practice": practice.url,
        "organisation": practice.get_parent().url,
    }
    found = {}
    for name, url in pages.items():
        page.goto(url)
        if name == "search":
            expect(page.locator(".search-hit")).to_have_count(3)
            expect(page.locator("fieldset.facet").first).to_be_visible()
        found[name] = serious_violations(page)
    assert found == dict.fromkeys(pages, [])
