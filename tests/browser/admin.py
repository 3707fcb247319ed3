"""Steps in Wagtail's admin, as partners and the secretariat take them in a browser."""

import re

from playwright.sync_api import expect

from practices.factories import PASSWORD


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def choose_from_action_menu(page, name):
    """Click an action of the editor's footer menu, opening its dropdown when needed."""
    action = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not action.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    action.click()


def workflow_action(page, practice, name, comment=None):
    """As an editor, take a workflow action on `practice` from its edit view."""
    page.goto(f"/admin/pages/{practice.pk}/edit/")
    choose_from_action_menu(page, name)
    if comment is not None:
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Comment").fill(comment)
        dialog.get_by_role("button", name=name).click()
    expect(page.locator(".messages")).to_contain_text(practice.title)
