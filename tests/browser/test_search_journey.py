"""A visitor refines a search with facets, chips, sorting and pages, opens a result and
switches language; every view has a URL that reproduces it. With and without JavaScript:
the script only spares the reloads, it never holds a feature the plain page lacks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def facet_option(page, legend, label):
    facet = page.locator("fieldset.facet").filter(has=page.locator("legend", has_text=legend))
    return facet.locator("li").filter(has_text=label)


def apply_filters(page, javascript):
    """Without JavaScript a ticked box waits for "Apply filters"; with it, results follow."""
    if not javascript:
        page.get_by_role("button", name="Apply filters").click()


def hit_titles(page):
    return page.locator(".search-hit h3").all_inner_texts()


def view_of(page):
    """What a visitor sees of the results: the count, the chips, the hits, the page."""
    return {
        "status": page.locator("#search-status").inner_text(),
        "chips": page.locator(".search-chip").all_inner_texts(),
        "hits": hit_titles(page),
        "checked": page.locator("#search-filters input:checked").evaluate_all(
            "boxes => boxes.map(box => box.name + '=' + box.value)"),
        "sort": page.locator("#search-sort").input_value(),
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_faceted_search_journey(searchable_practices, new_page, screenshot, javascript):
    page = new_page(java_script_enabled=javascript)
    # Two results a page, so that seven practices make pages.
    page.goto("/en/search/?page_size=2")
    status = page.locator("#search-status")
    expect(status).to_have_text("7 results")
    expect(facet_option(page, "Country", "Belgium")).to_contain_text("(5)")

    facet_option(page, "Theme", "Social and professional integration").get_by_role(
        "checkbox").check()
    apply_filters(page, javascript)
    expect(status).to_have_text("4 results")
    facet_option(page, "Theme", "Disability").get_by_role("checkbox").check()
    apply_filters(page, javascript)
    expect(status).to_have_text("6 results")
    expect(facet_option(page, "Country", "Belgium")).to_contain_text("(4)")
    expect(facet_option(page, "Theme", "Disability")).to_contain_text("(3)")
    facet_option(page, "Country", "Belgium").get_by_role("checkbox").check()
    apply_filters(page, javascript)
    expect(status).to_have_text("4 results")
    expect(page).to_have_url(re.compile(r"country=BE"))
    # A facet counts with every filter but its own: "Social economy" is not selected, and
    # counted as if no theme were.
    expect(facet_option(page, "Theme", "Disability")).to_contain_text("(2)")
    expect(facet_option(page, "Theme", "Social economy")).to_contain_text("(2)")

    page.locator(".search-chip", has_text="Belgium").click()
    expect(status).to_have_text("6 results")
    expect(page.locator(".search-chip")).to_have_count(2)
    expect(page).not_to_have_url(re.compile(r"country="))

    page.locator("#search-sort").select_option("title")
    apply_filters(page, javascript)
    expect(page.locator(".search-hit h3")).to_have_text(
        ["Bakery apprenticeships", "Cycle repair workshop"])
    pagination = page.get_by_role("navigation", name="Result pages")
    pagination.get_by_role("link", name="Next").click()
    expect(page.locator(".search-hit h3")).to_have_text(
        ["Digital skills café", "Employer mentoring"])
    expect(pagination.locator("[aria-current=page]")).to_have_text("2")
    expect(page).to_have_url(re.compile(r"page=2"))
    results_url = page.url
    page_two = view_of(page)

    page.locator("#language-select").select_option("fr")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/fr/search/\?"))
    assert page.url.split("?")[1] == results_url.split("?")[1]
    expect(page.locator(".search-chip")).to_have_text(
        [re.compile("^Handicap"), re.compile("^Insertion sociale et professionnelle")])
    expect(page.locator(".search-hit h3")).to_have_text(page_two["hits"])
    french_view = view_of(page)
    assert french_view["checked"] == page_two["checked"]
    assert french_view["sort"] == "title"
    page.reload()
    assert view_of(page) == french_view

    page.get_by_role("link", name="Employer mentoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employer mentoring")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/fr/search/\?"))
    assert view_of(page) == french_view
    screenshot(page, "back-to-results")


def test_choosing_a_completion_opens_that_practice(searchable_practices, new_page):
    page = new_page()
    page.goto("/en/search/")
    page.get_by_role("combobox", name="Search for").type("Bakery appr")

    option = page.get_by_role("option", name="Bakery apprenticeships")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bakery apprenticeships")
    assert page.url.endswith(searchable_practices["Bakery apprenticeships"].url)
